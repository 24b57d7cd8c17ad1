package dev.erroralert.redis;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.store.ThreadStore;

/**
 * Where the Redis stores keep what they keep, below one key prefix.
 * <p>
 * A record is a hash at {@code <keyPrefix>{<d>}<fingerprint>}, {@code d} the fingerprint's first hex digit. The braces
 * are a hash tag: every key of one decision (the record, and its bucket's {@code pending} counts, {@code episodes} and
 * {@code quiet} times) is in one Cluster slot, and the write-back and the quiet summaries visit 16 known buckets
 * instead of scanning the keyspace. So the records use 16 slots: a Cluster of more than 16 masters does not spread them
 * further. A destination's chat thread is a field {@code thread:<destination>} of the record; mutes are the hash
 * {@code <keyPrefix>mutes}.
 */
final class RedisKeyLayout {

    /**
     * The buckets: a fingerprint's keys carry its first hex digit as their hash tag, so pending counts and episodes
     * live in 16 known keys per kind, each in one Cluster slot with the records it counts for.
     */
    static final String BUCKETS = "0123456789abcdef";

    private final String keyPrefix;

    RedisKeyLayout(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** The record of {@code fingerprint}. */
    String record(Fingerprint fingerprint) {
        return bucketKey(bucketOf(fingerprint), fingerprint.value());
    }

    /** The key {@code rest} in {@code bucket}, such as {@code pending}. */
    String bucketKey(char bucket, String rest) {
        return keyPrefix + "{" + bucket + "}" + rest;
    }

    /** The hash of the mutes. */
    String mutes() {
        return keyPrefix + "mutes";
    }

    /** The bucket of {@code fingerprint}: its first hex digit. */
    static char bucketOf(Fingerprint fingerprint) {
        return fingerprint.value().charAt(0);
    }

    /**
     * The field of the record that holds the chat thread on {@code destination}. A destination becomes part of a
     * hash field, so it is held to a short identifier: no separator, no brace.
     *
     * @throws IllegalArgumentException when {@code destination} is not a destination name
     */
    static String threadField(String destination) {
        ThreadStore.requireDestinationName(destination);
        return "thread:" + destination;
    }
}
