package dev.erroralert.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisDedupStore} names its keys and how long it waits for Redis.
 *
 * @param keyPrefix put before every key, so that several applications can share one Redis; must not contain a
 * curly brace, which would change the hash slot the key lives in
 * @param commandTimeout how long a decision may take before the store gives up and the chain asks the next store
 * @param connectTimeout how long opening a connection may take
 * @param writeBack whether each step also keeps its occurrences pending for the history's write-back
 *     ({@link RedisDedupStore#claim}); on only when something claims them, or they pile up
 * @param quietEpisodes whether each step also keeps the fingerprint's episode beyond its record, for quiet summaries
 *     ({@link RedisDedupStore#takeQuiet}); on only when something takes them
 */
public record RedisStoreSettings(String keyPrefix, Duration commandTimeout, Duration connectTimeout, boolean writeBack,
        boolean quietEpisodes) {

    /** The key prefix unless one is set. */
    public static final String DEFAULT_KEY_PREFIX = "error-alert:";

    /**
     * The command timeout unless one is set: short on purpose, a slow Redis must cost a decision a fraction of a
     * second (then the next store answers), never Lettuce's 60 s default.
     */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);

    /** The connect timeout unless one is set; Lettuce's own default is 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

    public RedisStoreSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException(
                    "keyPrefix must not contain '{' or '}' (they choose the hash slot), got '" + keyPrefix + "'");
        }
        requireAtLeastOneMilli(commandTimeout, "commandTimeout");
        requireAtLeastOneMilli(connectTimeout, "connectTimeout");
    }

    /** Settings that keep nothing for a write-back or quiet summaries. */
    public RedisStoreSettings(String keyPrefix, Duration commandTimeout, Duration connectTimeout) {
        this(keyPrefix, commandTimeout, connectTimeout, false, false);
    }

    /** The defaults: prefix {@code error-alert:}, 200 ms per command, 500 ms to connect, no write-back or episodes. */
    public static RedisStoreSettings ofDefaults() {
        return new RedisStoreSettings(DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /** These settings with another key prefix. */
    public RedisStoreSettings withKeyPrefix(String keyPrefix) {
        return new RedisStoreSettings(keyPrefix, commandTimeout, connectTimeout, writeBack, quietEpisodes);
    }

    /** These settings, keeping occurrences pending for the history's write-back or not. */
    public RedisStoreSettings withWriteBack(boolean writeBack) {
        return new RedisStoreSettings(keyPrefix, commandTimeout, connectTimeout, writeBack, quietEpisodes);
    }

    /** These settings, keeping episodes for quiet summaries or not. */
    public RedisStoreSettings withQuietEpisodes(boolean quietEpisodes) {
        return new RedisStoreSettings(keyPrefix, commandTimeout, connectTimeout, writeBack, quietEpisodes);
    }

    private static void requireAtLeastOneMilli(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + duration);
        }
    }
}
