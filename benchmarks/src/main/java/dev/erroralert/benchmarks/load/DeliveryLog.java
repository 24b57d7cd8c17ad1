package dev.erroralert.benchmarks.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import dev.erroralert.delivery.DeliveryObserver;

/**
 * Hears what happens to each message, counting messages and the alerts inside them per result: the pipeline's own
 * statistics count parked messages, not the alerts they hold, which is what tells when every alert has found its
 * place (delivered, parked or dropped).
 */
final class DeliveryLog implements DeliveryObserver {

    private final Map<Result, LongAdder> messages = new EnumMap<>(Result.class);
    private final Map<Result, LongAdder> alerts = new EnumMap<>(Result.class);

    DeliveryLog() {
        for (Result result : Result.values()) {
            messages.put(result, new LongAdder());
            alerts.put(result, new LongAdder());
        }
    }

    @Override
    public void observe(Event event) {
        counter(messages, event.result()).increment();
        counter(alerts, event.result()).add(event.alerts());
    }

    /** Alerts that reached Slack fresh, were parked, or were dropped: every alert ends in one of these. */
    long alertsSettled() {
        return alerts(Result.DELIVERED) + alerts(Result.PARKED) + alerts(Result.DROPPED);
    }

    long alerts(Result result) {
        return counter(alerts, result).sum();
    }

    long messages(Result result) {
        return counter(messages, result).sum();
    }

    // Every result has its counter, put there by the constructor.
    private static LongAdder counter(Map<Result, LongAdder> counters, Result result) {
        return Objects.requireNonNull(counters.get(result));
    }

    /** Messages and alerts so far, per result: {@code delivered.messages}, {@code delivered.alerts} and so on. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Result result : Result.values()) {
            if (messages(result) > 0) {
                counts.put(result.value() + ".messages", messages(result));
                counts.put(result.value() + ".alerts", alerts(result));
            }
        }
        return counts;
    }
}
