package dev.erroralert.silence;

import java.util.Objects;

/**
 * A silence: occurrences of {@code target} are counted as usual, but no alert is sent for them until
 * {@code untilMillis}.
 *
 * @param target what is muted
 * @param untilMillis when the mute ends, epoch milliseconds; {@link Long#MAX_VALUE} for a permanent one
 */
public record Mute(MuteTarget target, long untilMillis) {

    public Mute {
        Objects.requireNonNull(target, "target");
    }

    /** Whether the mute is in force at {@code nowMillis}. */
    public boolean isActive(long nowMillis) {
        return nowMillis < untilMillis;
    }

    /** Whether the mute never ends. */
    public boolean isPermanent() {
        return untilMillis == Long.MAX_VALUE;
    }
}
