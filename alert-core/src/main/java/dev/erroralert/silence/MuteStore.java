package dev.erroralert.silence;

import java.util.List;

/**
 * Where mutes are shared by every instance: Redis and the database, next to the fingerprints' state.
 * Every method may throw when the store is unavailable.
 */
public interface MuteStore {

    /** A short, fixed name for logs and responses, such as {@code redis}. */
    String name();

    /** Keep {@code mute}, replacing an earlier one of the same target. */
    void put(Mute mute);

    /**
     * Forget the mute of {@code target}.
     *
     * @return whether there was one
     */
    boolean remove(MuteTarget target);

    /** The mutes in force at {@code nowMillis}; ended ones may be purged while reading. */
    List<Mute> active(long nowMillis);
}
