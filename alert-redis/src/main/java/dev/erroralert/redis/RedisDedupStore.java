package dev.erroralert.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.ThreadStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DedupStore} on Redis: each decision is one call of a Lua script that counts, stamps and sets the
 * record's lifetime atomically, so instances racing on a fingerprint agree on which occurrence was first.
 * <p>
 * A record is a hash at {@code <keyPrefix>{<fingerprint>}} with the fields {@code count}, {@code first} and
 * {@code last}; the braces are a hash tag that keeps every key of one decision in one Cluster slot.
 * <p>
 * As a {@link ThreadStore} it keeps the chat thread of a destination in a field {@code thread:<destination>} of that
 * same hash, so the thread lives exactly as long as the record, and is only kept while the record is live.
 * <p>
 * The store holds one thread-safe connection, opened on the first {@link #record record} and not before, so an
 * application starts while Redis is down. When Redis cannot be reached, is too slow, or the connection was lost,
 * {@code record} throws at once or after the short command timeout, and a later call connects again.
 */
public final class RedisDedupStore implements DedupStore, ThreadStore, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RedisDedupStore.class);

    static final String SCRIPT = readScript("decide.lua");

    static final String SCRIPT_SHA = sha1Hex(SCRIPT);

    static final String REMEMBER_THREAD_SCRIPT = readScript("remember-thread.lua");

    static final String REMEMBER_THREAD_SHA = sha1Hex(REMEMBER_THREAD_SCRIPT);

    // A destination becomes part of a hash field, so it is held to a short identifier: no separator, no brace.
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final int MAX_THREAD_LENGTH = 64;

    private final RedisURI uri;
    private final RedisStoreSettings settings;
    private final RedisClient client;
    private final boolean ownsClient;

    private final Object connectLock = new Object();
    private volatile @Nullable StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;

    /** A store with the default settings and a client of its own. */
    public RedisDedupStore(RedisURI uri) {
        this(uri, RedisStoreSettings.ofDefaults());
    }

    /** A store with a client of its own, shut down by {@link #close()}. */
    public RedisDedupStore(RedisURI uri, RedisStoreSettings settings) {
        this(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(settings, "settings"),
                createClient(settings), true);
    }

    /**
     * A store on a client the caller owns and shuts down. The client's own options decide how connecting and
     * reconnecting behave, so give it a short connect timeout; the command timeout of the settings applies.
     */
    public RedisDedupStore(RedisClient client, RedisURI uri, RedisStoreSettings settings) {
        this(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(client, "client"), false);
    }

    private RedisDedupStore(RedisURI uri, RedisStoreSettings settings, RedisClient client, boolean ownsClient) {
        this.uri = withTimeout(uri, settings.commandTimeout());
        this.settings = settings;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
        String[] keys = { key(fingerprint) };
        String[] args = { Long.toString(delta), Long.toString(nowMillis), Long.toString(windows.first().toMillis()),
                Long.toString(windows.repeat().toMillis()) };
        List<Long> countAndFirst = runScript(connection().sync(), SCRIPT, SCRIPT_SHA, ScriptOutputType.MULTI, keys,
                args);
        long count = countAndFirst.get(0);
        return new Tally(count - delta, count, countAndFirst.get(1), name());
    }

    /** Connect if need be and PING, within the command timeout. */
    @Override
    public void probe() {
        connection().sync().ping();
    }

    /**
     * {@inheritDoc} One HGET, within the command timeout.
     *
     * @throws IllegalArgumentException when {@code destination} is not 1 to 64 letters, digits, {@code -} or {@code _}
     * @throws io.lettuce.core.RedisException when Redis is unavailable or too slow
     */
    @Override
    public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
        String field = threadField(destination);
        return Optional.ofNullable(connection().sync().hget(key(fingerprint), field));
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
        if (thread.isEmpty() || thread.length() > MAX_THREAD_LENGTH) {
            throw new IllegalArgumentException("thread must be 1 to " + MAX_THREAD_LENGTH + " characters, got "
                    + thread.length());
        }
        String[] keys = { key(fingerprint) };
        String[] args = { threadField(destination), thread };
        Long remembered = runScript(connection().sync(), REMEMBER_THREAD_SCRIPT, REMEMBER_THREAD_SHA,
                ScriptOutputType.INTEGER, keys, args);
        if (remembered == 0) {
            logger.debug("No live record of {}: its thread on {} is not kept", fingerprint.shortId(), destination);
        }
    }

    private String key(Fingerprint fingerprint) {
        return settings.keyPrefix() + "{" + fingerprint.value() + "}";
    }

    private static String threadField(String destination) {
        if (!DESTINATION.matcher(destination).matches()) {
            throw new IllegalArgumentException("destination must be 1 to 64 letters, digits, '-' or '_', got '"
                    + destination + "'");
        }
        return "thread:" + destination;
    }

    private static <T> T runScript(RedisCommands<String, String> commands, String script, String sha,
            ScriptOutputType type, String[] keys, String[] args) {
        try {
            return commands.evalsha(sha, type, keys, args);
        }
        catch (RedisNoScriptException ex) {
            // The server lost its script cache (restart, failover, SCRIPT FLUSH); EVAL runs and caches it again.
            return commands.eval(script, type, keys, args);
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new IllegalStateException("The Redis store is closed");
            }
            current = connection;
            if (current != null && current.isOpen()) {
                return current;
            }
            if (current != null) {
                // A lost connection is replaced here rather than by Lettuce's background reconnect, whose back-off
                // grows to 30 s and would keep a recovered Redis unused for that long.
                current.closeAsync();
                connection = null;
            }
            current = client.connect(StringCodec.UTF8, uri);
            current.setTimeout(settings.commandTimeout());
            connection = current;
            logger.debug("Redis store connected to {}", location(uri));
            return current;
        }
    }

    /** Close the connection, and shut the client down when the store created it. */
    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
            StatefulRedisConnection<String, String> current = connection;
            connection = null;
            if (current != null) {
                current.close();
            }
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static RedisClient createClient(RedisStoreSettings settings) {
        RedisClient client = RedisClient.create();
        client.setOptions(clientOptions(settings));
        return client;
    }

    private static ClientOptions clientOptions(RedisStoreSettings settings) {
        return ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // While disconnected a call fails at once instead of queueing until it times out.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // The next call reconnects (see connection()), so a recovered Redis is used at once.
                .autoReconnect(false)
                .build();
    }

    // Lettuce bounds the connection handshake by the URI's timeout (60 s by default), so the store connects with a
    // copy carrying the command timeout; the caller's URI is left as it was.
    private static RedisURI withTimeout(RedisURI uri, Duration timeout) {
        RedisURI.Builder copy = RedisURI.builder(uri).withTimeout(timeout);
        // The copying builder leaves out the Sentinel part. Each sentinel is copied too: build() sets the timeout
        // of the sentinels it holds, which would otherwise be the caller's.
        if (uri.getSentinelMasterId() != null) {
            copy.withSentinelMasterId(uri.getSentinelMasterId());
            uri.getSentinels().forEach((sentinel) -> copy.withSentinel(RedisURI.builder(sentinel).build()));
        }
        return copy.build();
    }

    // Never the URI itself: it may carry a password.
    private static String location(RedisURI uri) {
        if (uri.getSentinelMasterId() != null) {
            return "sentinel master " + uri.getSentinelMasterId();
        }
        if (uri.getSocket() != null) {
            return uri.getSocket();
        }
        return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static String readScript(String name) {
        try (InputStream in = RedisDedupStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the Lua script " + name, ex);
        }
    }

    private static String sha1Hex(String script) {
        try {
            // Redis names a cached script by the SHA-1 of its text, so EVALSHA can be sent without SCRIPT LOAD.
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
        }
    }

    @Override
    public String toString() {
        return "RedisDedupStore[" + location(uri) + ", keyPrefix=" + settings.keyPrefix() + "]";
    }
}
