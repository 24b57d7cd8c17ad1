package dev.erroralert.delivery;

/**
 * A token bucket: up to {@code burst} messages at once, then one every {@code 1 / messagesPerSecond} seconds.
 * (Resilience4j's rate limiter refills a whole period at once, which sends clumps of {@code burst} messages in a
 * few milliseconds: exactly what invites a 429.) Used by one lane thread, and at shutdown by the closing one.
 */
final class Pace {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedNanos;

    Pace(int burst, double messagesPerSecond) {
        this.capacity = burst;
        this.tokensPerNano = messagesPerSecond / 1e9;
        this.tokens = burst;
        this.updatedNanos = System.nanoTime();
    }

    /** Take a token, returning how long to wait before using it (0 when one was there). */
    synchronized long reserve() {
        refill();
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }

    /** Take a token only if one is there now. */
    synchronized boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - updatedNanos) * tokensPerNano);
        updatedNanos = now;
    }
}
