package dev.erroralert.fingerprint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A bounded memo of a pure function of strings, for the regular expressions the dispatcher runs per occurrence: in a
 * storm the same messages and class names come back again and again, and looking them up costs a fraction of the
 * patterns. Only short inputs are kept; when full, it is emptied and fills again with what is current, so its memory
 * stays bounded and a burst of one-off values never keeps the recurring ones out for good.
 */
final class Memo {

    private final UnaryOperator<String> function;
    private final int maxEntries;
    private final int maxLength;
    private final Map<String, String> results = new ConcurrentHashMap<>();

    Memo(UnaryOperator<String> function, int maxEntries, int maxLength) {
        this.function = function;
        this.maxEntries = maxEntries;
        this.maxLength = maxLength;
    }

    String apply(String input) {
        if (input.length() > maxLength) {
            return function.apply(input);
        }
        String known = results.get(input);
        if (known != null) {
            return known;
        }
        String result = function.apply(input);
        if (results.size() >= maxEntries) {
            results.clear();
        }
        results.put(input, result);
        return result;
    }
}
