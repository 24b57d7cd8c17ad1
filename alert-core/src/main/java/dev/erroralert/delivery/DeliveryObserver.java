package dev.erroralert.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Told about what happens to each message on its way to a destination, for metrics: delivered, retried, rate limited,
 * parked, redelivered or dropped, and for a delivered message how long each of its alerts took from capture.
 * <p>
 * Called on the destination's lane thread (or, when a lane's queue is full or shutting down, on the thread that parks),
 * never inside a lock; an implementation must be quick and must not block, because that destination's alerts wait
 * behind it. Whatever it throws is caught and counted in {@link DeliveryStats#observerErrors()}; it never reaches
 * delivery.
 */
@FunctionalInterface
public interface DeliveryObserver {

    /** Called once per event. */
    void observe(Event event);

    /** An observer that does nothing: the default. */
    static DeliveryObserver none() {
        return event -> {
        };
    }

    /**
     * One observer telling each of {@code observers} in turn. One that throws does not keep the others from hearing
     * of the event; its failure is rethrown once all have been told.
     */
    static DeliveryObserver allOf(List<? extends DeliveryObserver> observers) {
        List<DeliveryObserver> all = List.copyOf(observers);
        if (all.isEmpty()) {
            return none();
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return event -> {
            RuntimeException first = null;
            for (DeliveryObserver observer : all) {
                try {
                    observer.observe(event);
                }
                catch (RuntimeException ex) {
                    if (first == null) {
                        first = ex;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }

    /** What happened to a message. The same counts as {@link DeliveryStats}, told as they happen. */
    enum Result {

        /** A fresh message reached its destination. */
        DELIVERED,

        /** An attempt failed and the message will be tried again after a backoff. */
        RETRIED,

        /**
         * The destination asked to slow down (HTTP 429); the message is then retried or parked, and told as such too.
         */
        RATE_LIMITED,

        /** The attempts were spent (or the lane was closing or full): the message waits in the outbox. */
        PARKED,

        /** A parked message reached its destination. */
        REDELIVERED,

        /**
         * The message reached neither its destination nor the outbox and was logged in full at ERROR instead; the
         * reason says why: {@code no-outbox}, {@code outbox-unavailable}, {@code render-failed}, or {@code refused}
         * (a parked message the destination refused for good).
         */
        DROPPED;

        /** The result in lower case with dashes, as a metric tag value: {@code rate-limited}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One thing that happened to one message.
     *
     * @param destination the destination's name ({@link Destination#name()}): {@code default}, {@code log} or a
     *     configured route, a bounded value
     * @param result what happened
     * @param alerts how many alerts the message carries (more than one for a digest)
     * @param reason why it was dropped, one of a few fixed words (see {@link Result#DROPPED}); {@code null} for any
     *     other result
     * @param sinceCapture for {@link Result#DELIVERED}, per alert, the time from its capture to its delivery; empty
     *     otherwise (a redelivered message no longer knows when its alerts were captured)
     */
    record Event(String destination, Result result, int alerts, @Nullable String reason, List<Duration> sinceCapture) {

        /** Checks the values. */
        public Event {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(result, "result");
            if (alerts < 1) {
                throw new IllegalArgumentException("A message carries at least one alert, got " + alerts);
            }
            if ((result == Result.DROPPED) != (reason != null)) {
                throw new IllegalArgumentException("A reason is given for dropped messages only, got " + result
                        + " with reason " + reason);
            }
            sinceCapture = List.copyOf(sinceCapture);
        }
    }
}
