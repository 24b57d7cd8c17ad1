package dev.erroralert.delivery;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivery's running counts, shared by the lanes; {@link DeliveryStats} is their snapshot. */
final class DeliveryCounters {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryEngine.class);

    final LongAdder messagesDelivered = new LongAdder();
    final LongAdder alertsDelivered = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder parked = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    void drop(String reason, long alerts) {
        dropped.computeIfAbsent(reason, key -> new LongAdder()).add(alerts);
    }

    /** A failure inside a lane; logging it must not fail in turn (the text may come from a hostile exception). */
    void internalError(String lane, Throwable ex) {
        try {
            logger.error("error-alert: delivery to {} failed unexpectedly; carrying on", lane, ex);
        }
        catch (Throwable renderingFailed) {
            try {
                logger.error("error-alert: delivery to {} failed unexpectedly ({})", lane, ex.getClass().getName());
            }
            catch (Throwable ignored) {
                // Nothing left that could report it.
            }
        }
    }

    DeliveryStats snapshot() {
        Map<String, Long> drops = new TreeMap<>();
        dropped.forEach((reason, count) -> {
            if (count.sum() > 0) {
                drops.put(reason, count.sum());
            }
        });
        return new DeliveryStats(messagesDelivered.sum(), alertsDelivered.sum(), retries.sum(), rateLimited.sum(),
                parked.sum(), redelivered.sum(), drops);
    }
}
