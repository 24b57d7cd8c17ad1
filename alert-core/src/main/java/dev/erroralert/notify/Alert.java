package dev.erroralert.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;

/**
 * One alert to deliver: what failed and where, how often, and the decision that let it through.
 *
 * @param fingerprint the problem's identity
 * @param decision the decision to send, with its counts
 * @param error the exception, read and bounded
 * @param site where it was captured
 * @param origin the application and environment
 * @param threadName the thread of the occurrence shown
 * @param context the diagnostic context values of that occurrence (trace id and the like)
 * @param windows the windows in force, for "suppressed until quiet for 30 min"
 * @param epochMillis when the occurrence shown was captured
 */
public record Alert(Fingerprint fingerprint, Decision.Send decision, ErrorSnapshot error, CaptureSite site,
        Origin origin, String threadName, Map<String, String> context, DedupWindows windows, long epochMillis) {

    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(threadName, "threadName");
        context = Map.copyOf(context);
        Objects.requireNonNull(windows, "windows");
    }

    /** The total count in the live window, as the store counted it. */
    public long count() {
        return decision.tally().count();
    }

    /** "IllegalStateException in OrderService#place". */
    public String headline() {
        String className = site.className();
        return error.simpleType() + " in " + className.substring(className.lastIndexOf('.') + 1) + "#"
                + site.methodName();
    }

    /**
     * "1st occurrence", "3rd occurrence in 5 min", and on the last alert before the cap
     * "6th occurrence in 12 min; further alerts suppressed until quiet for 30 min".
     */
    public String occurrenceText() {
        StringBuilder text = new StringBuilder(ordinal(count())).append(" occurrence");
        long spanMillis = epochMillis - decision.tally().firstSeenMillis();
        if (count() > 1 && spanMillis >= 0) {
            text.append(" in ").append(humanDuration(Duration.ofMillis(spanMillis)));
        }
        if (decision.capped()) {
            text.append("; further alerts suppressed until quiet for ").append(humanDuration(windows.repeat()));
        }
        return text.toString();
    }

    static String ordinal(long n) {
        long lastTwo = n % 100;
        String suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        // Locale.ROOT: the text is the same on every server, never "1.234th" where the default locale is German.
        return String.format(Locale.ROOT, "%,d", n) + suffix;
    }

    /** "less than 1 min", "5 min", "2 h 5 min", "3 d 4 h". */
    static String humanDuration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            long seconds = duration.toSeconds();
            return seconds < 1 ? "less than 1 s" : seconds + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        if (hours < 24) {
            long rest = minutes % 60;
            return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
        }
        long rest = hours % 24;
        return rest == 0 ? duration.toDays() + " d" : duration.toDays() + " d " + rest + " h";
    }
}
