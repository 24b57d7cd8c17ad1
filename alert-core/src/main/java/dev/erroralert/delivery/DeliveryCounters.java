package dev.erroralert.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.erroralert.notify.Alert;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery's running counts, shared by the lanes; {@link DeliveryStats} is their snapshot. Each count is told to the
 * {@link DeliveryObserver} just before it is taken, so the two never disagree, and whoever sees a count in the stats
 * knows the observer has heard of it.
 */
final class DeliveryCounters {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryEngine.class);

    private final LongAdder messagesDelivered = new LongAdder();
    private final LongAdder alertsDelivered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder parked = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder observerErrors = new LongAdder();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final DeliveryObserver observer;
    private final AtomicBoolean observerFailureLogged = new AtomicBoolean();

    DeliveryCounters(DeliveryObserver observer) {
        this.observer = observer;
    }

    /** A fresh message with {@code digest} reached {@code destination}. */
    void delivered(String destination, Digest digest) {
        long now = System.currentTimeMillis();
        List<Duration> sinceCapture = new ArrayList<>(digest.lines().size());
        for (Digest.Line line : digest.lines()) {
            // The capture time comes from the pipeline's clock: a clock behind this one must not make it negative.
            sinceCapture.add(Duration.ofMillis(Math.max(0, now - line.alert().epochMillis())));
        }
        observe(destination, DeliveryObserver.Result.DELIVERED, digest.alerts(), null, sinceCapture);
        alertsDelivered.add(digest.alerts());
        messagesDelivered.increment();
    }

    /** A parked message reached its destination. */
    void redelivered(String destination, Message message) {
        observe(destination, DeliveryObserver.Result.REDELIVERED, message.alerts(), null, List.of());
        alertsDelivered.add(message.alerts());
        redelivered.increment();
        messagesDelivered.increment();
    }

    void retried(String destination, int alerts) {
        observe(destination, DeliveryObserver.Result.RETRIED, alerts, null, List.of());
        retries.increment();
    }

    void rateLimited(String destination, int alerts) {
        observe(destination, DeliveryObserver.Result.RATE_LIMITED, alerts, null, List.of());
        rateLimited.increment();
    }

    void parked(String destination, int alerts) {
        observe(destination, DeliveryObserver.Result.PARKED, alerts, null, List.of());
        parked.increment();
    }

    void drop(String destination, String reason, int alerts) {
        observe(destination, DeliveryObserver.Result.DROPPED, alerts, reason, List.of());
        dropped.computeIfAbsent(reason, key -> new LongAdder()).add(alerts);
    }

    private void observe(String destination, DeliveryObserver.Result result, int alerts, @Nullable String reason,
            List<Duration> sinceCapture) {
        try {
            observer.observe(new DeliveryObserver.Event(destination, result, alerts, reason, sinceCapture));
        }
        catch (Throwable ex) {
            observerErrors.increment();
            observerFailed(ex);
        }
    }

    /** Only the first failure is logged with its stack trace: a broken observer fails on every message. */
    private void observerFailed(Throwable ex) {
        try {
            if (observerFailureLogged.compareAndSet(false, true)) {
                logger.warn("error-alert: a delivery observer failed; its further failures are counted, not logged", ex);
            }
            else {
                logger.debug("error-alert: a delivery observer failed again", ex);
            }
        }
        catch (Throwable renderingFailed) {
            // The counter still has it.
        }
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
                parked.sum(), redelivered.sum(), drops, observerErrors.sum());
    }
}
