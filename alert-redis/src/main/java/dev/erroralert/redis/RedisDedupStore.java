package dev.erroralert.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.BurningErrors;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.PendingBatch;
import dev.erroralert.history.PendingCounts;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.QuietEpisodes;
import dev.erroralert.history.Reminder;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.AlertedStep;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.ThreadStore;
import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.MuteTarget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DedupStore} on Redis: each decision is one call of a Lua script that counts, stamps and sets the
 * record's lifetime atomically, so instances racing on a fingerprint agree on which occurrence was first.
 * <p>
 * A record is a hash at {@code <keyPrefix>{<d>}<fingerprint>}, {@code d} the fingerprint's first hex digit, with the
 * fields {@code count}, {@code first} and {@code last} (and, once a reminder of it was claimed, {@code reminded} and
 * {@code reminded_count}). The braces are a hash tag: every key of one decision (the
 * record, and its bucket's {@code pending} counts, {@code episodes} and {@code quiet} times) is in one Cluster slot,
 * and the write-back and the quiet summaries visit 16 known buckets instead of scanning the keyspace. So the store's
 * keys use 16 slots: a Cluster of more than 16 masters does not spread them further.
 * <p>
 * As {@link PendingCounts} it hands what it counted to the history's write-back (with
 * {@link RedisStoreSettings#writeBack()}); as {@link QuietEpisodes} it hands over ended episodes (with
 * {@link RedisStoreSettings#quietEpisodes()}), and as {@link BurningErrors} claims reminders of live ones (with that
 * setting too); as a {@link MuteStore} it keeps mutes in the hash
 * {@code <keyPrefix>mutes}.
 * <p>
 * As a {@link ThreadStore} it keeps the chat thread of a destination in a field {@code thread:<destination>} of that
 * same hash, so the thread lives exactly as long as the record, and is only kept while the record is live; the
 * episode keeps it too, so that the quiet summary can close the thread once the record is gone.
 * <p>
 * Three topologies, one per factory: {@link #standalone standalone} (also TLS and AUTH through a {@code rediss://}
 * URI with credentials), {@link #sentinel Sentinel} (a {@code redis-sentinel://} URI: the sentinels name the master at
 * every connect) and {@link #cluster Cluster} (seed nodes: the store follows the slots' masters, also through a
 * failover). Every command is the same in all three: a script or a hash command on one key, which a Cluster routes to
 * the node of the key's slot.
 * <p>
 * The store holds one thread-safe connection, opened on the first {@link #record record} and not before, so an
 * application starts while Redis is down. When Redis cannot be reached, is too slow, or the connection was lost,
 * {@code record} throws at once or after the short command timeout, and a later call connects again.
 */
public final class RedisDedupStore implements DedupStore, ThreadStore, PendingCounts, QuietEpisodes, BurningErrors,
        MuteStore, AutoCloseable {

    /** How the store reaches Redis. */
    public enum Topology {

        /** One Redis server. */
        STANDALONE,

        /** A master found through Redis Sentinel, found again after a failover. */
        SENTINEL,

        /** A Redis Cluster: each key goes to the master of its hash slot. */
        CLUSTER
    }

    private static final Logger logger = LoggerFactory.getLogger(RedisDedupStore.class);

    static final String SCRIPT = readScript("decide.lua");

    static final String SCRIPT_SHA = sha1Hex(SCRIPT);

    static final String BATCH_SCRIPT = readScript("decide-batch.lua");

    static final String BATCH_SHA = sha1Hex(BATCH_SCRIPT);

    static final String REMEMBER_THREAD_SCRIPT = readScript("remember-thread.lua");

    static final String REMEMBER_THREAD_SHA = sha1Hex(REMEMBER_THREAD_SCRIPT);

    static final String RECORD_ALERTED_SCRIPT = readScript("record-alerted.lua");

    static final String RECORD_ALERTED_SHA = sha1Hex(RECORD_ALERTED_SCRIPT);

    /**
     * The most errors one batch script counts: a script holds Redis while it runs, and every other instance's command
     * waits behind it, so a batch of a whole bucket in a storm would hold it for milliseconds on a busy host.
     */
    static final int MAX_ERRORS_PER_SCRIPT = 32;

    static final String RECORD_ALERTED_BATCH_SCRIPT = readScript("record-alerted-batch.lua");

    static final String RECORD_ALERTED_BATCH_SHA = sha1Hex(RECORD_ALERTED_BATCH_SCRIPT);

    static final String CLAIM_SCRIPT = readScript("claim-pending.lua");

    static final String CLAIM_SHA = sha1Hex(CLAIM_SCRIPT);

    static final String ACKNOWLEDGE_SCRIPT = readScript("acknowledge-batch.lua");

    static final String ACKNOWLEDGE_SHA = sha1Hex(ACKNOWLEDGE_SCRIPT);

    static final String TAKE_QUIET_SCRIPT = readScript("take-quiet.lua");

    static final String TAKE_QUIET_SHA = sha1Hex(TAKE_QUIET_SCRIPT);

    static final String CLAIM_REMINDERS_SCRIPT = readScript("claim-reminders.lua");

    static final String CLAIM_REMINDERS_SHA = sha1Hex(CLAIM_REMINDERS_SCRIPT);

    /**
     * The buckets: a fingerprint's keys carry its first hex digit as their hash tag, so pending counts and episodes
     * live in 16 known keys per kind, each in one Cluster slot with the records it counts for.
     */
    static final String BUCKETS = "0123456789abcdef";

    // A destination becomes part of a hash field, so it is held to a short identifier: no separator, no brace.

    private static final int MAX_THREAD_LENGTH = 64;

    private static final String READ_ONLY_REPLY = "READONLY You can't write against a read only replica";

    // Lettuce's own back-off between reconnect attempts grows to 30 s, which would leave a restarted Cluster node
    // unused that long. Each failed attempt is also what makes the client reread the Cluster's topology
    // (PERSISTENT_RECONNECTS), so with a cap of one second a failover is followed about a second after it happened.
    private static final Delay CLUSTER_RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1),
            2, TimeUnit.MILLISECONDS);

    // Adaptive refreshes (a node unreachable, a MOVED reply, an uncovered slot) follow a failover, at most one a
    // second however many calls meet the change; the periodic one catches changes that cause none of these, such as
    // a replica added, at the cost of a CLUSTER NODES per node every 30 s.
    private static final Duration CLUSTER_ADAPTIVE_REFRESH_LIMIT = Duration.ofSeconds(1);

    private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

    private final Topology topology;
    // The one URI of a standalone or Sentinel store, the seed nodes of a Cluster store: copies with the connect
    // timeout (see withTimeout), which bounds the connection's handshake; commands get the command timeout.
    private final List<RedisURI> uris;
    private final RedisStoreSettings settings;
    private final AbstractRedisClient client;
    private final @Nullable ClientResources ownResources;
    private final boolean ownsClient;

    // Begins the ids of this store's write-back batches: unique per store instance, so an id is never reused.
    private final String batchOwner = UUID.randomUUID().toString().replace("-", "") + ".";
    private final AtomicLong batchSequence = new AtomicLong();

    private final Object connectLock = new Object();
    private volatile @Nullable Connection connection;
    private volatile boolean closed;

    /** A store with the default settings and a client of its own, standalone or Sentinel as the URI says. */
    public RedisDedupStore(RedisURI uri) {
        this(uri, RedisStoreSettings.ofDefaults());
    }

    /**
     * A store with a client of its own, shut down by {@link #close()}: standalone, or Sentinel when the URI names a
     * Sentinel master ({@code redis-sentinel://}). For a Cluster use {@link #cluster cluster}.
     */
    public RedisDedupStore(RedisURI uri, RedisStoreSettings settings) {
        this(topologyOf(Objects.requireNonNull(uri, "uri")),
                List.of(withTimeout(uri, Objects.requireNonNull(settings, "settings").connectTimeout())), settings,
                createClient(settings), null, true);
    }

    /**
     * A store on a client the caller owns and shuts down, standalone or Sentinel as the URI says. The client's own
     * options decide how connecting and reconnecting behave, so give it a short connect timeout; the command timeout
     * of the settings applies.
     */
    public RedisDedupStore(RedisClient client, RedisURI uri, RedisStoreSettings settings) {
        this(topologyOf(Objects.requireNonNull(uri, "uri")),
                List.of(withTimeout(uri, Objects.requireNonNull(settings, "settings").connectTimeout())), settings,
                Objects.requireNonNull(client, "client"), null, false);
    }

    private RedisDedupStore(Topology topology, List<RedisURI> uris, RedisStoreSettings settings,
            AbstractRedisClient client, @Nullable ClientResources ownResources, boolean ownsClient) {
        this.topology = topology;
        this.uris = uris;
        this.settings = settings;
        this.client = client;
        this.ownResources = ownResources;
        this.ownsClient = ownsClient;
    }

    /**
     * A store on one Redis server, such as {@code redis://host:6379/0}, or {@code rediss://user:secret@host:6380}
     * for TLS and AUTH.
     *
     * @throws IllegalArgumentException when the URI names a Sentinel master
     */
    public static RedisDedupStore standalone(RedisURI uri, RedisStoreSettings settings) {
        if (topologyOf(Objects.requireNonNull(uri, "uri")) != Topology.STANDALONE) {
            throw new IllegalArgumentException("A standalone store takes a redis:// or rediss:// URI, got one naming "
                    + "the Sentinel master '" + uri.getSentinelMasterId() + "': use sentinel(...)");
        }
        return new RedisDedupStore(uri, settings);
    }

    /**
     * A store on the master that Redis Sentinel names, such as
     * {@code redis-sentinel://:secret@sentinel-1:26379,sentinel-2:26379/0#mymaster}: the credentials are the master's;
     * sentinels that require a password of their own are given as {@link RedisURI.Builder#withSentinel(RedisURI)
     * sentinel URIs}. Every connect asks the sentinels, so after a failover the store reaches the new master.
     *
     * @throws IllegalArgumentException when the URI names no Sentinel master or no sentinel
     */
    public static RedisDedupStore sentinel(RedisURI uri, RedisStoreSettings settings) {
        if (topologyOf(Objects.requireNonNull(uri, "uri")) != Topology.SENTINEL || uri.getSentinels().isEmpty()) {
            throw new IllegalArgumentException("A Sentinel store takes a redis-sentinel:// URI with at least one "
                    + "sentinel and the master's name, such as redis-sentinel://host:26379#mymaster");
        }
        return new RedisDedupStore(uri, settings);
    }

    /**
     * A store on a Redis Cluster reached through any of {@code nodes} (seed nodes, such as
     * {@code redis://10.0.0.1:6379}; the others are discovered). Credentials and TLS of the first node apply to every
     * node. The store follows the Cluster's topology: a master failover or a node that is unreachable makes it reread
     * the topology within about a second, and it rereads it every 30 s anyway.
     *
     * @throws IllegalArgumentException when there is no node, or a node is a Sentinel or socket URI
     */
    public static RedisDedupStore cluster(List<RedisURI> nodes, RedisStoreSettings settings) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(settings, "settings");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("A Cluster store needs at least one node");
        }
        for (RedisURI node : nodes) {
            if (topologyOf(Objects.requireNonNull(node, "node")) != Topology.STANDALONE || node.getHost() == null) {
                throw new IllegalArgumentException("Cluster nodes are host and port URIs such as redis://host:6379");
            }
        }
        List<RedisURI> seeds = nodes.stream().map((node) -> withTimeout(node, settings.connectTimeout())).toList();
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(CLUSTER_RECONNECT_DELAY).build();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(clusterClientOptions(settings));
        return new RedisDedupStore(Topology.CLUSTER, seeds, settings, client, resources, true);
    }

    /** How this store reaches Redis. */
    public Topology topology() {
        return topology;
    }

    /** The key prefix, timeouts and what the store keeps besides its records. */
    public RedisStoreSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows) {
        return record(fingerprint, delta, nowMillis, windows, null);
    }

    /**
     * {@inheritDoc} One script call. With {@link RedisStoreSettings#writeBack()} the occurrences and {@code details}
     * are also kept pending for the history; with {@link RedisStoreSettings#quietEpisodes()} the episode is kept too.
     */
    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, got " + delta);
        }
        char bucket = bucketOf(fingerprint);
        String[] keys = { key(fingerprint), bucketKey(bucket, "pending"), bucketKey(bucket, "episodes"),
                bucketKey(bucket, "quiet") };
        String[] args = { Long.toString(delta), Long.toString(nowMillis), Long.toString(windows.first().toMillis()),
                Long.toString(windows.repeat().toMillis()), fingerprint.value(), flag(settings.writeBack()),
                flag(settings.quietEpisodes()), DetailsCodec.encode(details) };
        List<Long> countAndFirst = call((commands) -> runScript(commands, SCRIPT, SCRIPT_SHA, ScriptOutputType.MULTI,
                keys, args));
        long count = countAndFirst.get(0);
        return new Tally(count - delta, count, countAndFirst.get(1), name());
    }

    /**
     * {@inheritDoc} One script call per bucket (hash tag) among {@code deltas}, counting every error of that bucket
     * (at most {@link #MAX_ERRORS_PER_SCRIPT} a call) with the same steps as {@link #record(Fingerprint, long, long, DedupWindows, ErrorDetails)}.
     */
    @Override
    public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
        Map<Character, List<Integer>> byBucket = new TreeMap<>();
        for (int i = 0; i < deltas.size(); i++) {
            byBucket.computeIfAbsent(bucketOf(deltas.get(i).fingerprint()), (bucket) -> new ArrayList<>()).add(i);
        }
        Tally[] tallies = new Tally[deltas.size()];
        List<Map.Entry<Character, List<Integer>>> calls = new ArrayList<>();
        byBucket.forEach((bucket, all) -> {
            for (int from = 0; from < all.size(); from += MAX_ERRORS_PER_SCRIPT) {
                calls.add(Map.entry(bucket, all.subList(from, Math.min(all.size(), from + MAX_ERRORS_PER_SCRIPT))));
            }
        });
        for (Map.Entry<Character, List<Integer>> bucket : calls) {
            List<Integer> indexes = bucket.getValue();
            List<String> keys = new ArrayList<>(indexes.size() + 3);
            keys.add(bucketKey(bucket.getKey(), "pending"));
            keys.add(bucketKey(bucket.getKey(), "episodes"));
            keys.add(bucketKey(bucket.getKey(), "quiet"));
            List<String> args = new ArrayList<>(indexes.size() * 4 + 5);
            args.addAll(List.of(Long.toString(nowMillis), Long.toString(windows.first().toMillis()),
                    Long.toString(windows.repeat().toMillis()), flag(settings.writeBack()),
                    flag(settings.quietEpisodes())));
            for (int index : indexes) {
                CountDelta delta = deltas.get(index);
                keys.add(key(delta.fingerprint()));
                args.add(delta.fingerprint().value());
                args.add(Long.toString(delta.delta()));
                args.add(DetailsCodec.encode(delta.details()));
                args.add(delta.expectedFirstMillis() > 0 ? Long.toString(delta.expectedFirstMillis()) : "");
            }
            String[] keyArray = keys.toArray(String[]::new);
            String[] argArray = args.toArray(String[]::new);
            List<Long> countsAndFirsts = call((commands) -> runScript(commands, BATCH_SCRIPT, BATCH_SHA,
                    ScriptOutputType.MULTI, keyArray, argArray));
            for (int i = 0; i < indexes.size(); i++) {
                long delta = deltas.get(indexes.get(i)).delta();
                long count = countsAndFirsts.get(2 * i);
                tallies[indexes.get(i)] = new Tally(count - delta, count, countsAndFirsts.get(2 * i + 1), name());
            }
        }
        return Arrays.asList(tallies);
    }

    /** {@inheritDoc} One script call, and none when the store keeps neither a write-back nor episodes. */
    @Override
    public void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
        if (!settings.writeBack() && !settings.quietEpisodes()) {
            return;
        }
        char bucket = bucketOf(fingerprint);
        String[] keys = { bucketKey(bucket, "pending"), bucketKey(bucket, "episodes") };
        String[] args = { fingerprint.value(), Long.toString(tally.delta()), Long.toString(tally.firstSeenMillis()),
                Long.toString(nowMillis), flag(settings.writeBack()), flag(settings.quietEpisodes()) };
        call((commands) -> runScript(commands, RECORD_ALERTED_SCRIPT, RECORD_ALERTED_SHA, ScriptOutputType.INTEGER,
                keys, args));
    }

    /** {@inheritDoc} One script call per bucket among {@code steps}, and none when the store keeps neither. */
    @Override
    public void recordAlertedAll(List<AlertedStep> steps, long nowMillis) {
        if (!settings.writeBack() && !settings.quietEpisodes()) {
            return;
        }
        Map<Character, List<AlertedStep>> byBucket = new TreeMap<>();
        for (AlertedStep step : steps) {
            byBucket.computeIfAbsent(bucketOf(step.fingerprint()), (bucket) -> new ArrayList<>()).add(step);
        }
        List<Map.Entry<Character, List<AlertedStep>>> calls = new ArrayList<>();
        byBucket.forEach((bucket, all) -> {
            for (int from = 0; from < all.size(); from += MAX_ERRORS_PER_SCRIPT) {
                calls.add(Map.entry(bucket, all.subList(from, Math.min(all.size(), from + MAX_ERRORS_PER_SCRIPT))));
            }
        });
        for (Map.Entry<Character, List<AlertedStep>> bucket : calls) {
            String[] keys = { bucketKey(bucket.getKey(), "pending"), bucketKey(bucket.getKey(), "episodes") };
            List<String> args = new ArrayList<>(bucket.getValue().size() * 3 + 3);
            args.addAll(List.of(Long.toString(nowMillis), flag(settings.writeBack()), flag(settings.quietEpisodes())));
            for (AlertedStep step : bucket.getValue()) {
                args.add(step.fingerprint().value());
                args.add(Long.toString(step.tally().delta()));
                args.add(Long.toString(step.tally().firstSeenMillis()));
            }
            String[] argArray = args.toArray(String[]::new);
            call((commands) -> runScript(commands, RECORD_ALERTED_BATCH_SCRIPT, RECORD_ALERTED_BATCH_SHA,
                    ScriptOutputType.INTEGER, keys, argArray));
        }
    }

    /** {@inheritDoc} One HGET: a record that exists is live, Redis expires it. */
    @Override
    public OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        String count = call((commands) -> commands.hget(key(fingerprint), "count"));
        return count == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(count));
    }

    /**
     * {@inheritDoc} One script call per bucket (16), and one HGETALL per batch; in a Cluster the buckets spread over
     * the masters, so every shard is visited.
     */
    @Override
    public List<PendingBatch> claim(long nowMillis, Duration lease) {
        List<PendingBatch> batches = new ArrayList<>();
        RuntimeException failure = null;
        for (char bucket : BUCKETS.toCharArray()) {
            try {
                claimBucket(bucket, nowMillis, lease, batches);
            }
            catch (RuntimeException ex) {
                // One bucket's shard down (or slow) leaves the others to be written back now; its own counts stay
                // pending or claimed, for the next sync.
                failure = failure == null ? ex : failure;
            }
        }
        if (batches.isEmpty() && failure != null) {
            throw failure;
        }
        return batches;
    }

    private void claimBucket(char bucket, long nowMillis, Duration lease, List<PendingBatch> batches) {
        String newId = batchOwner + bucket + "." + batchSequence.incrementAndGet();
        String[] keys = { bucketKey(bucket, "pending"), bucketKey(bucket, "batches") };
        String[] args = { bucketKey(bucket, "batch:"), newId, Long.toString(nowMillis), Long.toString(lease.toMillis()),
                batchOwner };
        List<String> ids = call((commands) -> runScript(commands, CLAIM_SCRIPT, CLAIM_SHA, ScriptOutputType.MULTI,
                keys, args));
        for (String id : ids) {
            Map<String, String> fields = call((commands) -> commands.hgetall(bucketKey(bucket, "batch:" + id)));
            batches.add(new PendingBatch(id, PendingFields.deltas(fields, nowMillis)));
        }
    }

    /** {@inheritDoc} One script call. */
    @Override
    public void acknowledge(PendingBatch batch) {
        char bucket = bucketOfBatch(batch.id());
        String[] keys = { bucketKey(bucket, "batch:" + batch.id()), bucketKey(bucket, "batches") };
        String[] args = { batch.id() };
        call((commands) -> runScript(commands, ACKNOWLEDGE_SCRIPT, ACKNOWLEDGE_SHA, ScriptOutputType.INTEGER, keys,
                args));
    }

    /**
     * {@inheritDoc} One script call per bucket (16) until {@code max} are found. A bucket that fails is skipped: the
     * episodes already taken from the others are returned (they are forgotten in Redis, so throwing would lose their
     * summaries), and the failed bucket's wait for the next call.
     */
    @Override
    public List<QuietEpisode> takeQuiet(long nowMillis, int max) {
        List<QuietEpisode> taken = new ArrayList<>();
        RuntimeException failure = null;
        for (char bucket : BUCKETS.toCharArray()) {
            if (taken.size() >= max) {
                break;
            }
            try {
                takeQuiet(bucket, nowMillis, max - taken.size(), taken);
            }
            catch (RuntimeException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        if (taken.isEmpty() && failure != null) {
            throw failure;
        }
        return taken;
    }

    private void takeQuiet(char bucket, long nowMillis, int max, List<QuietEpisode> taken) {
        String[] keys = { bucketKey(bucket, "episodes"), bucketKey(bucket, "quiet") };
        String[] args = { bucketKey(bucket, ""), Long.toString(nowMillis), Integer.toString(max) };
        List<String> flat = call((commands) -> runScript(commands, TAKE_QUIET_SCRIPT, TAKE_QUIET_SHA,
                ScriptOutputType.MULTI, keys, args));
        for (int i = 0; i + 6 < flat.size(); i += 7) {
            taken.add(new QuietEpisode(new Fingerprint(flat.get(i)), Long.parseLong(flat.get(i + 1)),
                    Long.parseLong(flat.get(i + 2)), Long.parseLong(flat.get(i + 3)), Long.parseLong(flat.get(i + 4)),
                    DetailsCodec.decode(flat.get(i + 5)), threadsOf(flat.get(i + 6))));
        }
    }

    /**
     * {@inheritDoc} One script call per bucket (16) until {@code max} are claimed, looking at most at the 1,000 live
     * episodes of a bucket that end soonest; none without {@link RedisStoreSettings#quietEpisodes()}, which keeps
     * the episodes looked at. A bucket that fails is skipped, as by {@link #takeQuiet(long, int)}: the reminders
     * claimed in the others are returned, since they are claimed for good.
     */
    @Override
    public List<Reminder> claimReminders(long nowMillis, long intervalMillis, int max) {
        List<Reminder> claimed = new ArrayList<>();
        if (!settings.quietEpisodes()) {
            return claimed;
        }
        RuntimeException failure = null;
        for (char bucket : BUCKETS.toCharArray()) {
            if (claimed.size() >= max) {
                break;
            }
            try {
                claimReminders(bucket, nowMillis, intervalMillis, max - claimed.size(), claimed);
            }
            catch (RuntimeException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        if (claimed.isEmpty() && failure != null) {
            throw failure;
        }
        return claimed;
    }

    private void claimReminders(char bucket, long nowMillis, long intervalMillis, int max, List<Reminder> claimed) {
        String[] keys = { bucketKey(bucket, "episodes"), bucketKey(bucket, "quiet") };
        String[] args = { bucketKey(bucket, ""), Long.toString(nowMillis), Long.toString(intervalMillis),
                Integer.toString(max) };
        List<String> flat = call((commands) -> runScript(commands, CLAIM_REMINDERS_SCRIPT, CLAIM_REMINDERS_SHA,
                ScriptOutputType.MULTI, keys, args));
        for (int i = 0; i + 5 < flat.size(); i += 6) {
            claimed.add(new Reminder(new Fingerprint(flat.get(i)), Long.parseLong(flat.get(i + 1)),
                    Long.parseLong(flat.get(i + 2)), nowMillis, Long.parseLong(flat.get(i + 3)),
                    Long.parseLong(flat.get(i + 4)), DetailsCodec.decode(flat.get(i + 5))));
        }
    }

    /** The threads an episode kept, written by remember-thread.lua as destination=thread pairs joined by commas. */
    private static Map<String, String> threadsOf(String encoded) {
        Map<String, String> threads = new TreeMap<>();
        for (String pair : encoded.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && equals < pair.length() - 1) {
                threads.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return threads;
    }

    /** {@inheritDoc} One HSET on the hash {@code <prefix>mutes}, field the target's key, value the end. */
    @Override
    public void put(Mute mute) {
        call((commands) -> commands.hset(mutesKey(), mute.target().key(), Long.toString(mute.untilMillis())));
    }

    /** {@inheritDoc} One HDEL. */
    @Override
    public boolean remove(MuteTarget target) {
        return call((commands) -> commands.hdel(mutesKey(), target.key())) > 0;
    }

    /** {@inheritDoc} One HGETALL; ended mutes are deleted on the way. */
    @Override
    public List<Mute> active(long nowMillis) {
        Map<String, String> all = call((commands) -> commands.hgetall(mutesKey()));
        List<Mute> active = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        all.forEach((target, until) -> {
            try {
                Mute mute = new Mute(MuteTarget.parse(target), Long.parseLong(until));
                if (mute.isActive(nowMillis)) {
                    active.add(mute);
                }
                else {
                    ended.add(target);
                }
            }
            catch (IllegalArgumentException ex) {
                // Written by something else than this store: not a mute, and not ours to delete.
                logger.debug("Ignoring the field {} of {}: not a mute", target, mutesKey());
            }
        });
        if (!ended.isEmpty()) {
            call((commands) -> commands.hdel(mutesKey(), ended.toArray(String[]::new)));
        }
        return active;
    }

    /** Connect if need be and PING (any one node of a Cluster), within the command timeout. */
    @Override
    public void probe() {
        call(RedisClusterCommands::ping);
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
        return Optional.ofNullable(call((commands) -> commands.hget(key(fingerprint), field)));
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
        String[] keys = { key(fingerprint), bucketKey(bucketOf(fingerprint), "episodes") };
        String[] args = { threadField(destination), thread, fingerprint.value(), destination };
        Long remembered = call((commands) -> runScript(commands, REMEMBER_THREAD_SCRIPT, REMEMBER_THREAD_SHA,
                ScriptOutputType.INTEGER, keys, args));
        if (remembered == 0) {
            logger.debug("No live record of {}: its thread on {} is not kept", fingerprint.shortId(), destination);
        }
    }

    private String key(Fingerprint fingerprint) {
        return bucketKey(bucketOf(fingerprint), fingerprint.value());
    }

    private String bucketKey(char bucket, String rest) {
        return settings.keyPrefix() + "{" + bucket + "}" + rest;
    }

    private String mutesKey() {
        return settings.keyPrefix() + "mutes";
    }

    private static char bucketOf(Fingerprint fingerprint) {
        return fingerprint.value().charAt(0);
    }

    // A batch id is <owner>.<bucket>.<sequence>; the owner is 32 hex digits.
    private static char bucketOfBatch(String id) {
        int dot = id.indexOf('.');
        if (dot < 0 || dot + 1 >= id.length() || BUCKETS.indexOf(id.charAt(dot + 1)) < 0) {
            throw new IllegalArgumentException("Not a batch of a Redis store: " + id);
        }
        return id.charAt(dot + 1);
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    private static String threadField(String destination) {
        ThreadStore.requireDestinationName(destination);
        return "thread:" + destination;
    }

    // Both RedisCommands and the Cluster's RedisAdvancedClusterCommands are RedisClusterCommands: one code path.
    private static <T> T runScript(RedisClusterCommands<String, String> commands, String script, String sha,
            ScriptOutputType type, String[] keys, String[] args) {
        try {
            return commands.evalsha(sha, type, keys, args);
        }
        catch (RedisNoScriptException ex) {
            // The server lost its script cache (restart, failover, SCRIPT FLUSH), or, in a Cluster, the node of this
            // key's slot never ran it: EVAL goes to that same node (the key routes it) and caches it there.
            return commands.eval(script, type, keys, args);
        }
    }

    private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        Connection current = connection();
        try {
            return command.apply(current.commands());
        }
        catch (RedisException ex) {
            if (isReadOnlyReplica(ex)) {
                // A master turned replica answers READONLY on a connection that outlived the change (a failover that
                // did not close clients, a DNS name moved to a new primary). Connecting again asks the sentinels or
                // the DNS afresh instead of failing on this connection for good.
                discard(current);
            }
            throw ex;
        }
    }

    private static boolean isReadOnlyReplica(RedisException ex) {
        // Redis 6 reports a write refused inside a script as a script error that quotes the READONLY reply.
        return ex instanceof RedisReadOnlyException
                || (ex instanceof RedisCommandExecutionException && ex.getMessage() != null
                        && ex.getMessage().contains(READ_ONLY_REPLY));
    }

    private void discard(Connection stale) {
        synchronized (connectLock) {
            if (connection == stale) {
                connection = null;
                stale.stateful().closeAsync();
                logger.debug("Redis store dropped its connection to a read-only replica of {}", location());
            }
        }
    }

    private Connection connection() {
        Connection current = connection;
        if (current != null && current.stateful().isOpen()) {
            return current;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new IllegalStateException("The Redis store is closed");
            }
            current = connection;
            if (current != null && current.stateful().isOpen()) {
                return current;
            }
            if (current != null) {
                // A lost standalone or Sentinel connection is replaced here rather than by Lettuce's background
                // reconnect, whose back-off grows to 30 s and would keep a recovered Redis unused for that long; and
                // connecting anew asks the sentinels which server is the master now.
                current.stateful().closeAsync();
                connection = null;
            }
            current = open();
            connection = current;
            logger.debug("Redis store connected to {}", location());
            return current;
        }
    }

    private Connection open() {
        if (client instanceof RedisClusterClient clusterClient) {
            // Lettuce keeps one connection per node behind this one and reconnects them itself (see
            // CLUSTER_RECONNECT_DELAY); the store replaces it only if it is closed.
            StatefulRedisClusterConnection<String, String> opened = clusterClient.connect(StringCodec.UTF8);
            opened.setTimeout(settings.commandTimeout());
            return new Connection(opened, opened.sync());
        }
        StatefulRedisConnection<String, String> opened = ((RedisClient) client).connect(StringCodec.UTF8,
                uris.get(0));
        opened.setTimeout(settings.commandTimeout());
        return new Connection(opened, opened.sync());
    }

    /** Close the connection, and shut the client down when the store created it. */
    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
            Connection current = connection;
            connection = null;
            if (current != null) {
                current.stateful().close();
            }
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (ownResources != null) {
            ownResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static Topology topologyOf(RedisURI uri) {
        return uri.getSentinelMasterId() != null ? Topology.SENTINEL : Topology.STANDALONE;
    }

    private static RedisClient createClient(RedisStoreSettings settings) {
        RedisClient client = RedisClient.create();
        client.setOptions(clientOptions(settings));
        return client;
    }

    private static ClientOptions clientOptions(RedisStoreSettings settings) {
        return ClientOptions.builder()
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // While disconnected a call fails at once instead of queueing until it times out.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // The next call reconnects (see connection()), so a recovered Redis is used at once.
                .autoReconnect(false)
                .build();
    }

    private static ClusterClientOptions clusterClientOptions(RedisStoreSettings settings) {
        return ClusterClientOptions.builder()
                .socketOptions(socketOptions(settings))
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // A call for a slot whose node is unreachable fails at once; calls for the other slots go on.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Unlike a standalone store, the per-node connections reconnect in the background: their reconnect
                // attempts are what trigger a topology refresh when a node is gone.
                .autoReconnect(true)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(CLUSTER_ADAPTIVE_REFRESH_LIMIT)
                        .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
                        .build())
                .build();
    }

    private static SocketOptions socketOptions(RedisStoreSettings settings) {
        return SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
    }

    // Lettuce bounds the connection handshake by the URI's timeout (60 s by default), so the store connects with a
    // copy carrying the connect timeout; the caller's URI is left as it was.
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

    // Never a URI itself: it may carry a password.
    private String location() {
        RedisURI first = uris.get(0);
        return switch (topology) {
            case SENTINEL -> "sentinel master " + first.getSentinelMasterId() + " via "
                    + first.getSentinels().stream().map(RedisDedupStore::hostAndPort)
                            .collect(Collectors.joining(","));
            case CLUSTER -> "cluster " + uris.stream().map(RedisDedupStore::hostAndPort)
                    .collect(Collectors.joining(","));
            case STANDALONE -> first.getSocket() != null ? first.getSocket()
                    : hostAndPort(first) + "/" + first.getDatabase();
        };
    }

    private static String hostAndPort(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
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
        return "RedisDedupStore[" + location() + ", keyPrefix=" + settings.keyPrefix() + "]";
    }

    // The connection and its commands, typed for all topologies alike.
    private record Connection(StatefulConnection<String, String> stateful,
            RedisClusterCommands<String, String> commands) {
    }
}
