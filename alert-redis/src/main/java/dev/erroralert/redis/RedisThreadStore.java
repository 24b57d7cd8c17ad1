package dev.erroralert.redis;

import java.util.Objects;
import java.util.Optional;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.store.ThreadStore;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ThreadStore} on Redis: the chat thread of a destination is a field {@code thread:<destination>} of the
 * fingerprint's record (see {@link RedisKeyLayout}), so the thread lives exactly as long as the record, and is only
 * kept while the record is live; the record's episode keeps it too, so that the quiet summary can close the thread once
 * the record is gone. It works on the {@link RedisConnection} of the {@link RedisDedupStore} that keeps the records,
 * and is closed with that store.
 */
public final class RedisThreadStore implements ThreadStore {

    static final RedisScript REMEMBER_THREAD_SCRIPT = RedisScript.load("remember-thread.lua");

    private static final Logger logger = LoggerFactory.getLogger(RedisThreadStore.class);

    private final RedisConnection connection;

    private final RedisKeyLayout keys;

    /** Threads on {@code connection}, in the records below its settings' key prefix. */
    public RedisThreadStore(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.keys = connection.keys();
    }

    /**
     * {@inheritDoc} One HGET, within the command timeout.
     *
     * @throws IllegalArgumentException when {@code destination} is not 1 to 64 letters, digits, {@code -} or {@code _}
     * @throws io.lettuce.core.RedisException when Redis is unavailable or too slow
     */
    @Override
    public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
        String field = RedisKeyLayout.threadField(destination);
        return Optional.ofNullable(connection.call((commands) -> commands.hget(keys.record(fingerprint), field)));
    }

    /**
     * {@inheritDoc} One script call, within the command timeout, that sets the field only while the fingerprint's
     * record is live: a thread is kept as long as the record and not longer, so without a record it is not kept.
     *
     * @throws IllegalArgumentException when {@code destination} is not 1 to 64 letters, digits, {@code -} or
     * {@code _}, or {@code thread} is empty or longer than 64 characters
     * @throws io.lettuce.core.RedisException when Redis is unavailable or too slow
     */
    @Override
    public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
        ThreadStore.requireThread(thread);
        String[] scriptKeys = { keys.record(fingerprint),
                keys.bucketKey(RedisKeyLayout.bucketOf(fingerprint), "episodes") };
        String[] args = { RedisKeyLayout.threadField(destination), thread, fingerprint.value(), destination };
        Long remembered = connection.call((commands) -> REMEMBER_THREAD_SCRIPT.run(commands, ScriptOutputType.INTEGER, scriptKeys, args));
        if (remembered == 0) {
            logger.debug("No live record of {}: its thread on {} is not kept", fingerprint.shortId(), destination);
        }
    }

    @Override
    public String toString() {
        return "RedisThreadStore[" + connection.location() + ", keyPrefix=" + connection.settings().keyPrefix() + "]";
    }
}
