package dev.erroralert.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.notify.Alert;
import io.github.resilience4j.core.IntervalFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's delivery, on a thread of its own so a slow or rate-limited destination holds up no other.
 * <p>
 * Alerts wait in a {@link Backlog}, coalesced per error. The lane waits for the pace (a token bucket: a burst, then
 * about one message a second), then takes what waits at that moment as one message — a digest naming each error
 * once, within the destination's size, and past the {@link NamingBudget naming budget} counting further errors by
 * type and location — never dropped, and never parked one by one. A failed message is tried again after an
 * exponential, jittered backoff; when the destination says "slow down" nothing at all goes there until the time it
 * named. When the attempts are spent the message is parked in the outbox, and parked messages are redelivered, oldest
 * first, before anything new once the destination answers again; meanwhile new alerts keep coalescing in the backlog
 * (the outbox is tried again every {@link #PARKED_RETRY}), so an outage ends with a few digests, not a trickle. What
 * has waited behind parked messages for an outbox check interval is parked too, coalesced, so a long outage keeps
 * its alerts where a restart or another instance finds them rather than in this instance's memory.
 * Every alert ends delivered, parked, or logged in full at ERROR with its drop counted: never silence.
 */
final class Lane implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(Lane.class);

    /** The longest pause a destination's "slow down" can impose: alerts wait in memory meanwhile. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    /** How soon parked messages are tried again while new alerts wait behind them. */
    static final Duration PARKED_RETRY = Duration.ofSeconds(2);

    private final Destination destination;
    private final @Nullable Outbox outbox;
    private final DeliverySettings settings;
    private final DeliveryCounters counters;
    private final Backlog backlog;
    private final NamingBudget namingBudget;
    private final Pace pace;
    private final IntervalFunction backoff;
    private final Thread thread;
    /** The digest taken from the backlog and not yet delivered or parked; whoever clears it owns it. */
    private final AtomicReference<Digest> inFlight = new AtomicReference<>();

    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean outboxMayHoldMessages = true;
    private long pausedUntilNanos = System.nanoTime();
    private long nextOutboxCheckNanos;
    /** While alerts wait behind parked messages: when to try the outbox again. */
    private long nextParkedRetryNanos = System.nanoTime();
    /** Written by the lane, read by health checks. */
    private volatile boolean downSinceLastSuccess;
    private volatile long lastDeliveredMillis;
    private boolean redeliveryFailing;

    Lane(Destination destination, @Nullable Outbox outbox, DeliverySettings settings, DeliveryCounters counters) {
        if (destination.maxAlertsPerMessage() < 1) {
            throw new IllegalArgumentException("Destination " + destination.name()
                    + " must take at least one alert per message, says " + destination.maxAlertsPerMessage());
        }
        this.destination = destination;
        this.outbox = outbox;
        this.settings = settings;
        this.counters = counters;
        this.backlog = new Backlog(settings.queueCapacity());
        this.namingBudget = new NamingBudget(settings.namedErrors(), settings.namingWindow());
        this.pace = new Pace(settings.burst(), settings.messagesPerSecond());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        this.thread = new Thread(this, "error-alert-delivery-" + destination.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Where this destination stands, read from any thread without waiting for the lane. */
    DeliveryEngine.DestinationState state() {
        long last = lastDeliveredMillis;
        return new DeliveryEngine.DestinationState(destination.name(), last == 0 ? null : Instant.ofEpochMilli(last),
                backlog.alerts(), downSinceLastSuccess);
    }

    /** Add an alert to the backlog; when the lane is closed, park (or log) it at once instead. */
    void submit(Alert alert) {
        if (closed) {
            park(Digest.of(alert), "delivery closed");
            return;
        }
        backlog.add(alert);
        // Closed meanwhile: the final drain may have missed it, and parks whatever it finds now.
        if (closed) {
            parkAll(backlog.drain(destination.maxAlertsPerMessage()), "delivery closed");
        }
    }

    /** Ask the lane to deliver or park what is queued by {@code deadlineNanos}; its waits end at once. */
    void stop(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.stopping = true;
        LockSupport.unpark(thread);
    }

    /** Wait for the lane until the deadline; then park, from here, whatever it did not get to. */
    void join(long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        Digest unfinished = inFlight.getAndSet(null);
        String reason = thread.isAlive() ? "shutdown timed out" : "delivery closed";
        if (unfinished != null) {
            // A delivery still under way past the deadline: parking it may duplicate it, losing it is worse.
            park(unfinished, reason);
        }
        parkAll(backlog.drain(destination.maxAlertsPerMessage()), reason);
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
                if (System.nanoTime() - nextOutboxCheckNanos >= 0 && !redeliverParked()) {
                    parkWhatWaitedLong();
                }
                if (backlog.await(TimeUnit.MILLISECONDS.toNanos(100))) {
                    takeAndSend();
                }
            }
            catch (Throwable ex) {
                counters.internalError(destination.name(), ex);
                Digest unfinished = inFlight.getAndSet(null);
                if (unfinished != null) {
                    park(unfinished, "delivery failed unexpectedly");
                }
            }
        }
    }

    private void takeAndSend() {
        // Parked messages are older: they go first, and while they cannot, new alerts keep coalescing in the backlog.
        if (outboxMayHoldMessages) {
            if (System.nanoTime() - nextParkedRetryNanos < 0) {
                sleepUntil(nextParkedRetryNanos);
                return;
            }
            if (!redeliverParked()) {
                parkWhatWaitedLong();
                return;
            }
        }
        awaitPace();
        Digest digest = take(destination.maxAlertsPerMessage());
        if (digest == null) {
            return;
        }
        // Published at once, so that a shutdown that outlives this lane parks it; if the shutdown already looked,
        // it is parked here.
        inFlight.set(digest);
        if (closed) {
            // Whoever clears it owns it: here, or the shutdown that already parked it.
            if (inFlight.compareAndSet(digest, null)) {
                park(digest, "delivery closed");
            }
            return;
        }
        sendWithRetries(digest);
    }

    /** The next digest, within the naming budget. */
    private @Nullable Digest take(int maxLines) {
        long now = System.nanoTime();
        return backlog.take(maxLines, error -> namingBudget.name(error, now));
    }

    /**
     * Parked messages still cannot go: once the oldest alert waiting behind them has waited an outbox check interval,
     * park everything waiting, coalesced into digests, behind them in the outbox.
     */
    private void parkWhatWaitedLong() {
        Long oldest = backlog.oldestArrivalNanos();
        if (outbox == null || oldest == null
                || System.nanoTime() - oldest < settings.outboxCheckInterval().toNanos()) {
            return;
        }
        Digest digest;
        while (!stopping && (digest = take(destination.maxAlertsPerMessage())) != null) {
            park(digest, "waiting behind parked messages");
        }
    }

    /** Shutting down: one attempt per message at most, no waiting; what cannot go now is parked, in order. */
    private void finish() {
        for (Digest digest : backlog.drain(destination.maxAlertsPerMessage())) {
            boolean mayTryNow = !outboxMayHoldMessages && System.nanoTime() - pausedUntilNanos >= 0
                    && System.nanoTime() - deadlineNanos < 0 && pace.tryTake();
            if (!mayTryNow) {
                park(digest, "shutting down");
                continue;
            }
            try {
                Message message = destination.render(digest);
                destination.deliver(message);
                delivered(digest);
            }
            catch (DeliveryException ex) {
                if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                    pauseFor(ex);
                }
                outboxMayHoldMessages = true;
                park(digest, "shutting down: " + ex.getMessage());
            }
            catch (RuntimeException ex) {
                park(digest, "shutting down: " + ex);
            }
        }
    }

    private void sendWithRetries(Digest digest) {
        Message message = render(digest);
        if (message == null) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            awaitPause();
            if (stopping) {
                // The deadline belongs to shutdown: park rather than wait or send late.
                if (inFlight.compareAndSet(digest, null)) {
                    park(digest, message, "shutting down");
                }
                return;
            }
            try {
                destination.deliver(message);
                if (inFlight.compareAndSet(digest, null)) {
                    delivered(digest);
                }
                return;
            }
            catch (DeliveryException ex) {
                if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                    counters.rateLimited(destination.name(), message.alerts());
                    // Everything queued for this destination waits, not only this message.
                    pauseFor(ex);
                }
                if (ex.kind() == DeliveryException.Kind.PERMANENT || attempt >= settings.maxAttempts()) {
                    wentDown(ex);
                    if (inFlight.compareAndSet(digest, null)) {
                        park(digest, message, ex.getMessage());
                    }
                    return;
                }
                counters.retried(destination.name(), message.alerts());
                if (ex.kind() == DeliveryException.Kind.RETRYABLE) {
                    sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.apply(attempt)));
                }
            }
            catch (RuntimeException ex) {
                // A destination that throws what it should have reported: treat it as for good, and park.
                wentDown(ex);
                if (inFlight.compareAndSet(digest, null)) {
                    park(digest, message, ex.toString());
                }
                return;
            }
        }
    }

    /**
     * Redeliver parked messages (this instance's or another's), oldest first.
     *
     * @return true when nothing parked is left waiting ahead of new messages
     */
    private boolean redeliverParked() {
        long now = System.nanoTime();
        nextOutboxCheckNanos = now + settings.outboxCheckInterval().toNanos();
        nextParkedRetryNanos = now + Math.min(PARKED_RETRY.toNanos(), settings.outboxCheckInterval().toNanos());
        if (outbox == null) {
            outboxMayHoldMessages = false;
            return true;
        }
        try {
            if (outbox.depth(destination.name()) == 0) {
                outboxMayHoldMessages = false;
                return true;
            }
            int redelivered = outbox.redeliver(destination.name(), new Outbox.Sender() {
                @Override
                public void awaitReady() {
                    awaitPace();
                    awaitPause();
                }

                @Override
                public void send(Message message) throws DeliveryException {
                    if (stopping) {
                        throw DeliveryException.retryable("shutting down");
                    }
                    try {
                        destination.deliver(message);
                    }
                    catch (DeliveryException ex) {
                        // Counted here, where the message is known; the pause is taken below.
                        if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                            counters.rateLimited(destination.name(), message.alerts());
                        }
                        throw ex;
                    }
                    tookMessage();
                    counters.redelivered(destination.name(), message);
                }

                @Override
                public void refused(Message message, DeliveryException reason) {
                    counters.drop(destination.name(), "refused", message.alerts());
                    LogDestination.logRefused(message, reason.getMessage());
                }
            });
            if (redelivered == Outbox.HELD_ELSEWHERE) {
                // Another instance is redelivering: new messages queue behind its work, in the outbox.
                outboxMayHoldMessages = true;
                return false;
            }
            if (redelivered > 0) {
                logger.info("error-alert: redelivered {} parked message(s) to {}", redelivered, destination.name());
            }
            redeliveryFailing = false;
            outboxMayHoldMessages = outbox.depth(destination.name()) > 0;
            return !outboxMayHoldMessages;
        }
        catch (DeliveryException ex) {
            if (ex.kind() == DeliveryException.Kind.RATE_LIMITED) {
                pauseFor(ex);
            }
            if (!redeliveryFailing) {
                redeliveryFailing = true;
                logger.warn("error-alert: parked messages for {} cannot be redelivered yet ({})", destination.name(),
                        ex.getMessage());
            }
            outboxMayHoldMessages = true;
            return false;
        }
        catch (RuntimeException ex) {
            // The outbox itself is unavailable: send new messages as usual rather than hold them for it, and leave it
            // alone until the next periodic check (each try may cost the pool's whole connection timeout).
            counters.internalError(destination.name() + " outbox", ex);
            outboxMayHoldMessages = false;
            return true;
        }
    }

    /** Render, or when even that fails, log the alerts in full: a broken renderer must not swallow them. */
    private @Nullable Message render(Digest digest) {
        try {
            return destination.render(digest);
        }
        catch (RuntimeException ex) {
            if (inFlight.compareAndSet(digest, null)) {
                renderFailed(digest, "could not be rendered: " + ex);
            }
            return null;
        }
    }

    private void renderFailed(Digest digest, String reason) {
        counters.drop(destination.name(), "render-failed", digest.alerts());
        LogDestination.logUndelivered(digest, destination.name(), reason);
    }

    private void delivered(Digest digest) {
        tookMessage();
        counters.delivered(destination.name(), digest);
    }

    /** The destination took a message: it is up. */
    private void tookMessage() {
        lastDeliveredMillis = System.currentTimeMillis();
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

    private void parkAll(List<Digest> digests, String reason) {
        for (Digest digest : digests) {
            park(digest, reason);
        }
    }

    private void park(Digest digest, String reason) {
        Message message;
        try {
            message = destination.render(digest);
        }
        catch (RuntimeException ex) {
            renderFailed(digest, reason + "; could not be rendered: " + ex);
            return;
        }
        park(digest, message, reason);
    }

    /** Park {@code message} in the outbox; when that fails too (or there is none), log its alerts in full. */
    private void park(Digest digest, Message message, String reason) {
        if (outbox != null) {
            try {
                outbox.park(message);
                counters.parked(destination.name(), message.alerts());
                outboxMayHoldMessages = true;
                return;
            }
            catch (RuntimeException ex) {
                counters.drop(destination.name(), "outbox-unavailable", digest.alerts());
                LogDestination.logUndelivered(digest, destination.name(),
                        reason + "; the outbox failed too: " + ex.getClass().getName());
                return;
            }
        }
        counters.drop(destination.name(), "no-outbox", digest.alerts());
        LogDestination.logUndelivered(digest, destination.name(), reason);
    }

    private void pauseFor(DeliveryException ex) {
        Duration asked = ex.retryAfter().orElse(settings.defaultRetryAfter());
        Duration pause = asked.compareTo(MAX_PAUSE) > 0 || asked.isNegative() ? MAX_PAUSE : asked;
        pausedUntilNanos = System.nanoTime() + pause.toNanos();
    }

    private void awaitPace() {
        long waitNanos = pace.reserve();
        if (waitNanos > 0) {
            sleepUntil(System.nanoTime() + waitNanos);
        }
    }

    private void awaitPause() {
        if (System.nanoTime() - pausedUntilNanos < 0) {
            sleepUntil(pausedUntilNanos);
        }
    }

    /** Sleep, but never once shutdown has begun: its deadline is spent delivering or parking, not waiting. */
    private void sleepUntil(long untilNanos) {
        long now;
        while (!stopping && (now = System.nanoTime()) - untilNanos < 0) {
            LockSupport.parkNanos(this, untilNanos - now);
        }
    }
}
