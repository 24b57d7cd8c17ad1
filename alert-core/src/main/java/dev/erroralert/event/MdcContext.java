package dev.erroralert.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * Reads the selected keys of the SLF4J MDC on the capturing thread: the MDC is per thread, so it must be read
 * before the occurrence is handed to the dispatcher.
 */
public final class MdcContext implements Supplier<Map<String, String>> {

    private final String[] keys;

    public MdcContext(List<String> keys) {
        this.keys = keys.stream().filter(k -> k != null && !k.isBlank()).toArray(String[]::new);
    }

    @Override
    public Map<String, String> get() {
        Map<String, String> values = null;
        for (String key : keys) {
            String value = MDC.get(key);
            if (value != null) {
                if (values == null) {
                    values = new HashMap<>(4);
                }
                values.put(key, value);
            }
        }
        return values == null ? Map.of() : values;
    }
}
