package dev.erroralert.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.notify.Alert;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's delivery, on a thread of its own so a slow or rate-limited destination holds up no other.
 * <p>
 * The lane waits for the pace (a token bucket: a burst, then about one message a second), then takes everything
 * queued at that moment and sends it as one message — alerts queued behind the pace are coalesced into a digest,
 * never dropped. A failed message is tried again after an exponential, jittered backoff; when the destination says
 * "slow down" nothing at all goes there until the time it named. When the attempts are spent the message is parked
 * in the outbox, and parked messages are redelivered, oldest first, before anything new once the destination
 * answers again. What no destination and no outbox took is logged in full at ERROR: never silence.
 */
final class Lane implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(Lane.class);

    private final Destination destination;
    private final @Nullable Outbox outbox;
    private final DeliverySettings settings;
    private final DeliveryCounters counters;
    private final ArrayBlockingQueue<Alert> queue;
    private final RateLimiter pace;
    private final IntervalFunction backoff;
    private final Thread thread;

    private volatile boolean stopping;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private long pausedUntilNanos;
    private long nextOutboxCheckNanos;
    private boolean outboxMayHoldMessages = true;
    private boolean downSinceLastSuccess;

    Lane(Destination destination, @Nullable Outbox outbox, DeliverySettings settings, DeliveryCounters counters) {
        this.destination = destination;
        this.outbox = outbox;
        this.settings = settings;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        Duration refill = Duration.ofNanos((long) (settings.burst() * 1_000_000_000L / settings.messagesPerSecond()));
        this.pace = RateLimiter.of("error-alert-" + destination.name(), RateLimiterConfig.custom()
                .limitForPeriod(settings.burst())
                .limitRefreshPeriod(refill)
                .timeoutDuration(Duration.ofDays(1))
                .build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        this.thread = new Thread(this, "error-alert-delivery-" + destination.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queue an alert; when the queue is full it is parked (or logged) at once rather than waiting. */
    void submit(Alert alert) {
        if (stopping || !queue.offer(alert)) {
            park(List.of(alert), stopping ? "shutting down" : "delivery queue full");
        }
    }

    /** Deliver or park what is queued by {@code deadlineNanos}; the thread ends then at the latest. */
    void stop(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.stopping = true;
        LockSupport.unpark(thread);
    }

    void join(long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Past the deadline: whatever is still queued goes to the outbox or the log, from here.
            List<Alert> left = new ArrayList<>();
            queue.drainTo(left);
            if (!left.isEmpty()) {
                park(left, "shutdown timed out");
            }
        }
    }

    @Override
    public void run() {
        while (true) {
            Thread.interrupted();
            try {
                if (stopping) {
                    finish();
                    return;
                }
                if (System.nanoTime() - nextOutboxCheckNanos >= 0) {
                    redeliverParked();
                }
                Alert first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    // Parked messages are older: they go first, and while they cannot, new ones queue behind them.
                    boolean reachable = !outboxMayHoldMessages || redeliverParked();
                    awaitPace();
                    List<Alert> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, destination.maxAlertsPerMessage() - 1);
                    if (reachable) {
                        sendWithRetries(batch);
                    }
                    else {
                        park(batch, "behind parked messages");
                    }
                }
            }
            catch (Throwable ex) {
                counters.internalError(destination.name(), ex);
            }
        }
    }

    /** Shutting down: one attempt for each message, no waiting beyond the deadline; the rest is parked. */
    private void finish() {
        List<Alert> left = new ArrayList<>();
        queue.drainTo(left);
        for (int from = 0; from < left.size(); from += destination.maxAlertsPerMessage()) {
            List<Alert> batch = left.subList(from, Math.min(left.size(), from + destination.maxAlertsPerMessage()));
            if (System.nanoTime() - pausedUntilNanos < 0 || System.nanoTime() - deadlineNanos >= 0) {
                park(batch, "shutting down");
                continue;
            }
            Message message = render(batch);
            try {
                destination.deliver(message);
                delivered(message);
            }
            catch (DeliveryException ex) {
                park(batch, message, "shutting down: " + ex.getMessage());
            }
        }
    }

    private void sendWithRetries(List<Alert> batch) {
        Message message = render(batch);
        for (int attempt = 1; ; attempt++) {
            try {
                awaitPause();
                destination.deliver(message);
                delivered(message);
                return;
            }
            catch (DeliveryException ex) {
                if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                    counters.rateLimited.increment();
                    // Everything queued for this destination waits, not only this message.
                    pausedUntilNanos = System.nanoTime()
                            + ex.retryAfter().orElse(settings.defaultRetryAfter()).toNanos();
                }
                if (ex.kind() == DeliveryException.Kind.PERMANENT || attempt >= settings.maxAttempts() || stopping) {
                    wentDown(ex);
                    park(batch, message, ex.getMessage());
                    return;
                }
                counters.retries.increment();
                if (ex.kind() == DeliveryException.Kind.RETRYABLE) {
                    sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.apply(attempt)));
                }
            }
            catch (RuntimeException ex) {
                // A destination that throws what it should have reported: treat it as for good, and park.
                wentDown(ex);
                park(batch, message, ex.toString());
                return;
            }
        }
    }

    /**
     * Redeliver parked messages (this instance's or another's), oldest first.
     *
     * @return false when the destination failed them, true otherwise (also when another instance is redelivering)
     */
    private boolean redeliverParked() {
        nextOutboxCheckNanos = System.nanoTime() + settings.outboxCheckInterval().toNanos();
        if (outbox == null) {
            return true;
        }
        try {
            if (!outboxMayHoldMessages && outbox.depth(destination.name()) == 0) {
                return true;
            }
            int redelivered = outbox.redeliver(destination.name(), message -> {
                awaitPace();
                awaitPause();
                destination.deliver(message);
                delivered(message);
            });
            counters.redelivered.add(redelivered);
            outboxMayHoldMessages = outbox.depth(destination.name()) > 0;
            if (redelivered > 0) {
                logger.info("error-alert: redelivered {} parked message(s) to {}", redelivered, destination.name());
            }
            return true;
        }
        catch (DeliveryException ex) {
            if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                counters.rateLimited.increment();
                pausedUntilNanos = System.nanoTime() + ex.retryAfter().orElse(settings.defaultRetryAfter()).toNanos();
            }
            outboxMayHoldMessages = true;
            return false;
        }
        catch (RuntimeException ex) {
            // The outbox itself is unavailable: send new messages as usual rather than hold them for it.
            counters.internalError(destination.name() + " outbox", ex);
            return true;
        }
    }

    private Message render(List<Alert> batch) {
        return destination.render(List.copyOf(batch));
    }

    private void delivered(Message message) {
        counters.messagesDelivered.increment();
        counters.alertsDelivered.add(message.alerts());
        if (downSinceLastSuccess) {
            downSinceLastSuccess = false;
            logger.info("error-alert: {} takes messages again", destination.name());
        }
    }

    private void wentDown(Exception ex) {
        if (!downSinceLastSuccess) {
            downSinceLastSuccess = true;
            logger.warn("error-alert: {} did not take a message ({}); parking it, and retrying later",
                    destination.name(), ex.getMessage());
        }
    }

    private void park(List<Alert> batch, String reason) {
        park(batch, render(batch), reason);
    }

    /** Park {@code message} in the outbox; when that fails too (or there is none), log its alerts in full. */
    private void park(List<Alert> batch, Message message, String reason) {
        if (outbox != null) {
            try {
                outbox.park(message);
                counters.parked.increment();
                outboxMayHoldMessages = true;
                return;
            }
            catch (RuntimeException ex) {
                counters.drop("outbox-unavailable", batch.size());
                LogDestination.logUndelivered(batch, destination.name(),
                        reason + "; the outbox failed too: " + ex.getClass().getName());
                return;
            }
        }
        counters.drop("no-outbox", batch.size());
        LogDestination.logUndelivered(batch, destination.name(), reason);
    }

    private void awaitPace() {
        long waitNanos = pace.reservePermission();
        if (waitNanos > 0) {
            sleepUntil(System.nanoTime() + waitNanos);
        }
    }

    private void awaitPause() {
        if (System.nanoTime() - pausedUntilNanos < 0) {
            sleepUntil(pausedUntilNanos);
        }
    }

    /** Sleep, but never past the shutdown deadline. */
    private void sleepUntil(long untilNanos) {
        long now;
        while ((now = System.nanoTime()) - untilNanos < 0 && now - deadlineNanos < 0) {
            LockSupport.parkNanos(this, Math.min(untilNanos - now, deadlineNanos - now));
        }
    }
}
