package dev.erroralert.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.HistoryDelta;
import org.jspecify.annotations.Nullable;

/**
 * Reads a claimed batch, a hash whose fields are {@code <fingerprint>:<name>} as decide.lua and record-alerted.lua
 * write them, into one history delta per fingerprint.
 */
final class PendingFields {

    private PendingFields() {
    }

    static List<HistoryDelta> deltas(Map<String, String> fields, long nowMillis) {
        Map<String, Map<String, String>> byFingerprint = new TreeMap<>();
        fields.forEach((field, value) -> {
            int colon = field.indexOf(':');
            if (colon > 0) {
                byFingerprint.computeIfAbsent(field.substring(0, colon), (fp) -> new java.util.HashMap<>())
                        .put(field.substring(colon + 1), value);
            }
        });
        List<HistoryDelta> deltas = new ArrayList<>(byFingerprint.size());
        byFingerprint.forEach((fingerprint, values) -> {
            long first = number(values.get("first"), nowMillis);
            long last = Math.max(first, number(values.get("last"), first));
            deltas.add(new HistoryDelta(new Fingerprint(fingerprint), number(values.get("n"), 0),
                    number(values.get("sent"), 0), number(values.get("alerted"), 0), first, last,
                    DetailsCodec.decode(values.get("details"))));
        });
        return deltas;
    }

    private static long number(@Nullable String value, long otherwise) {
        return value == null ? otherwise : Long.parseLong(value);
    }
}
