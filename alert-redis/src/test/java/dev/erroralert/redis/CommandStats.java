package dev.erroralert.redis;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis's own count of the commands it ran ({@code INFO commandstats}), commands inside scripts included: what the
 * tests of store traffic measure against.
 */
final class CommandStats {

    private static final Pattern CALLS = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+),", Pattern.MULTILINE);

    private CommandStats() {
    }

    /** The calls of each command in {@code commandstats}, the text of {@code INFO commandstats}. */
    static Map<String, Long> callsByCommand(String commandstats) {
        Matcher matcher = CALLS.matcher(commandstats);
        Map<String, Long> calls = new TreeMap<>();
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }
}
