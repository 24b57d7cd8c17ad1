package dev.erroralert.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;

/** Counts kept per key (a store, a command, a delivery result), read twice to learn what happened in between. */
final class Counts {

    private Counts() {
    }

    /** The counts of {@code later} minus those of {@code earlier}, per key; keys that did not change are left out. */
    static Map<String, Long> since(Map<String, Long> earlier, Map<String, Long> later) {
        Map<String, Long> difference = new TreeMap<>();
        later.forEach((key, count) -> {
            long delta = count - earlier.getOrDefault(key, 0L);
            if (delta != 0) {
                difference.put(key, delta);
            }
        });
        return difference;
    }
}
