package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

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
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DedupStore} on Redis: each decision is one call of a Lua script that counts, stamps and sets the
 * record's lifetime atomically, so instances racing on a fingerprint agree on which occurrence was first.
 * <p>
 * A record is a hash at the key {@link RedisKeyLayout} gives it, with the fields {@code count} and {@code first}
 * (and, once a reminder of it was claimed, {@code reminded} and {@code reminded_count}); every key of one
 * decision (the record, and its bucket's {@code pending} counts, {@code episodes} and {@code quiet} times) is in one
 * Cluster slot.
 * <p>
 * As {@link PendingCounts} it hands what it counted to the history's write-back (with
 * {@link RedisStoreSettings#writeBack()}); as {@link QuietEpisodes} it hands over ended episodes (with
 * {@link RedisStoreSettings#quietEpisodes()}), and as {@link BurningErrors} claims reminders of live ones (with that
 * setting too). Mutes are kept by the {@link RedisMuteStore} on the same connection.
 * <p>
 * The chat threads of a destination are kept in the same hash by the {@link RedisThreadStore} on the same connection;
 * the episode keeps them too, so that the quiet summary can close the thread once the record is gone.
 * <p>
 * The store works on a {@link RedisConnection} (standalone, Sentinel or Cluster), opened on the first
 * {@link #record record} and not before, so an application starts while Redis is down. When Redis cannot be reached,
 * is too slow, or the connection was lost, {@code record} throws at once or after the short command timeout, and a
 * later call connects again.
 */
public final class RedisDedupStore implements DedupStore, PendingCounts, QuietEpisodes, BurningErrors,
        AutoCloseable {

    static final RedisScript DECIDE_SCRIPT = RedisScript.load("decide.lua");

    static final RedisScript RECORD_ALERTED_SCRIPT = RedisScript.load("record-alerted.lua");

    static final RedisScript CLAIM_SCRIPT = RedisScript.load("claim-pending.lua");

    static final RedisScript ACKNOWLEDGE_SCRIPT = RedisScript.load("acknowledge-batch.lua");

    static final RedisScript TAKE_QUIET_SCRIPT = RedisScript.load("take-quiet.lua");

    static final RedisScript CLAIM_REMINDERS_SCRIPT = RedisScript.load("claim-reminders.lua");

    /**
     * The most errors one batch script counts: a script holds Redis while it runs, and every other instance's command
     * waits behind it, so a batch of a whole bucket in a storm would hold it for milliseconds on a busy host.
     */
    static final int MAX_ERRORS_PER_SCRIPT = 32;

    private final RedisConnection connection;
    private final RedisStoreSettings settings;
    private final RedisKeyLayout keys;

    // Begins the ids of this store's write-back batches: unique per store instance, so an id is never reused.
    private final String batchOwner = UUID.randomUUID().toString().replace("-", "") + ".";
    private final AtomicLong batchSequence = new AtomicLong();


    /** A store with the default settings and a client of its own, standalone or Sentinel as the URI says. */
    public RedisDedupStore(RedisURI uri) {
        this(uri, RedisStoreSettings.ofDefaults());
    }

    /**
     * A store with a client of its own, shut down by {@link #close()}: standalone, or Sentinel when the URI names a
     * Sentinel master ({@code redis-sentinel://}). For a Cluster use {@link #cluster cluster}.
     */
    public RedisDedupStore(RedisURI uri, RedisStoreSettings settings) {
        this(RedisConnection.of(uri, settings));
    }

    /**
     * A store on a client the caller owns and shuts down, standalone or Sentinel as the URI says. The client's own
     * options decide how connecting and reconnecting behave, so give it a short connect timeout; the command timeout
     * of the settings applies.
     */
    public RedisDedupStore(RedisClient client, RedisURI uri, RedisStoreSettings settings) {
        this(RedisConnection.of(client, uri, settings));
    }

    /**
     * A store on {@code connection}, which the {@link RedisMuteStore} and {@link RedisThreadStore} on the same Redis
     * may share; {@link #close()} closes it, so close this store after them.
     */
    public RedisDedupStore(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.settings = connection.settings();
        this.keys = connection.keys();
    }

    /**
     * A store on one Redis server, such as {@code redis://host:6379/0}, or {@code rediss://user:secret@host:6380}
     * for TLS and AUTH (see {@link RedisConnection#standalone}).
     *
     * @throws IllegalArgumentException when the URI names a Sentinel master
     */
    public static RedisDedupStore standalone(RedisURI uri, RedisStoreSettings settings) {
        return new RedisDedupStore(RedisConnection.standalone(uri, settings));
    }

    /**
     * A store on the master that Redis Sentinel names (see {@link RedisConnection#sentinel}).
     *
     * @throws IllegalArgumentException when the URI names no Sentinel master or no sentinel
     */
    public static RedisDedupStore sentinel(RedisURI uri, RedisStoreSettings settings) {
        return new RedisDedupStore(RedisConnection.sentinel(uri, settings));
    }

    /**
     * A store on a Redis Cluster reached through any of {@code nodes} (see {@link RedisConnection#cluster}).
     *
     * @throws IllegalArgumentException when there is no node, or a node is a Sentinel or socket URI
     */
    public static RedisDedupStore cluster(List<RedisURI> nodes, RedisStoreSettings settings) {
        return new RedisDedupStore(RedisConnection.cluster(nodes, settings));
    }

    /** The connection this store uses, which the other Redis stores may share. */
    public RedisConnection connection() {
        return connection;
    }

    /** How this store reaches Redis. */
    public RedisConnection.Topology topology() {
        return connection.topology();
    }

    /** The key prefix, timeouts and what the store keeps besides its records. */
    public RedisStoreSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "redis";
    }

    /**
     * {@inheritDoc} One script call. With {@link RedisStoreSettings#writeBack()} the occurrences and {@code details}
     * are also kept pending for the history; with {@link RedisStoreSettings#quietEpisodes()} the episode is kept too.
     */
    @Override
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
            @Nullable ErrorDetails details) {
        // The step of one error is the batch's step of a single error: one script keeps the rule of what a step writes.
        return recordAll(List.of(new CountDelta(fingerprint, delta, details, 0)), nowMillis, windows).get(0);
    }

    /**
     * {@inheritDoc} One script call (decide.lua) per bucket (hash tag) among {@code deltas}, counting every error of
     * that bucket (at most {@link #MAX_ERRORS_PER_SCRIPT} a call) in a step of its own, atomic per error, and noting in
     * the same call the earlier alerts each carries: 3 commands an error rather than a call of 4 or 5. A single
     * {@link #record(Fingerprint, long, long, DedupWindows, ErrorDetails) record} is the same call for one error.
     */
    @Override
    public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
        Tally[] tallies = new Tally[deltas.size()];
        List<AlertedStep> otherEpisodes = new ArrayList<>();
        List<Integer> all = IntStream.range(0, deltas.size()).boxed().toList();
        for (Map.Entry<Character, List<Integer>> bucket : scriptCalls(all, (i) -> deltas.get(i).fingerprint())) {
            List<Integer> indexes = bucket.getValue();
            List<String> keys = new ArrayList<>(indexes.size() + 3);
            keys.add(bucketKey(bucket.getKey(), "pending"));
            keys.add(bucketKey(bucket.getKey(), "episodes"));
            keys.add(bucketKey(bucket.getKey(), "quiet"));
            List<String> args = new ArrayList<>(indexes.size() * 7 + 5);
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
                addAlertedBefore(delta, args, otherEpisodes);
            }
            String[] keyArray = keys.toArray(String[]::new);
            String[] argArray = args.toArray(String[]::new);
            List<Long> countsAndFirsts = call((commands) -> DECIDE_SCRIPT.run(commands, ScriptOutputType.MULTI, keyArray,
                    argArray));
            for (int i = 0; i < indexes.size(); i++) {
                long delta = deltas.get(indexes.get(i)).delta();
                long count = countsAndFirsts.get(2 * i);
                tallies[indexes.get(i)] = new Tally(count - delta, count, countsAndFirsts.get(2 * i + 1), name());
            }
        }
        if (!otherEpisodes.isEmpty()) {
            noteBestEffort(otherEpisodes, nowMillis);
        }
        return Arrays.asList(tallies);
    }

    /**
     * The arguments that note a delta's earlier alerts with its step: those of one episode (all of them, as a rule,
     * since the decider carries an error's alerts of one episode only) summed; alerts of another episode go to
     * {@code otherEpisodes}, noted after the batch.
     */
    private void addAlertedBefore(CountDelta delta, List<String> args, List<AlertedStep> otherEpisodes) {
        List<Tally> steps = delta.alertedBeforeIn(name());
        if (steps.isEmpty()) {
            args.addAll(List.of("0", "0", ""));
            return;
        }
        long episode = steps.get(0).firstSeenMillis();
        long alerts = 0;
        long occurrences = 0;
        for (Tally step : steps) {
            if (step.firstSeenMillis() == episode) {
                alerts++;
                occurrences += step.delta();
            }
            else {
                otherEpisodes.add(new AlertedStep(delta.fingerprint(), step));
            }
        }
        args.addAll(List.of(Long.toString(alerts), Long.toString(occurrences), Long.toString(episode)));
    }

    /**
     * {@code items} split into the script calls that count them: by bucket (a call's keys share one hash tag), at
     * most {@link #MAX_ERRORS_PER_SCRIPT} a call, in bucket order.
     */
    private static <T> List<Map.Entry<Character, List<T>>> scriptCalls(List<T> items,
            Function<T, Fingerprint> fingerprintOf) {
        Map<Character, List<T>> byBucket = new TreeMap<>();
        for (T item : items) {
            byBucket.computeIfAbsent(bucketOf(fingerprintOf.apply(item)), (bucket) -> new ArrayList<>()).add(item);
        }
        List<Map.Entry<Character, List<T>>> calls = new ArrayList<>();
        byBucket.forEach((bucket, all) -> {
            for (int from = 0; from < all.size(); from += MAX_ERRORS_PER_SCRIPT) {
                calls.add(Map.entry(bucket, all.subList(from, Math.min(all.size(), from + MAX_ERRORS_PER_SCRIPT))));
            }
        });
        return calls;
    }

    private void noteBestEffort(List<AlertedStep> steps, long nowMillis) {
        try {
            recordAlertedAll(steps, nowMillis);
        }
        catch (RuntimeException ex) {
            // Best effort, as DedupStore#recordAll says: the batch is counted, only these notes are missed.
        }
    }

    /** {@inheritDoc} One script call, and none when the store keeps neither a write-back nor episodes. */
    @Override
    public void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
        recordAlertedAll(List.of(new AlertedStep(fingerprint, tally)), nowMillis);
    }

    /** {@inheritDoc} One script call per bucket among {@code steps}, and none when the store keeps neither. */
    @Override
    public void recordAlertedAll(List<AlertedStep> steps, long nowMillis) {
        if (!settings.writeBack() && !settings.quietEpisodes()) {
            return;
        }
        for (Map.Entry<Character, List<AlertedStep>> bucket : scriptCalls(steps, AlertedStep::fingerprint)) {
            String[] keys = { bucketKey(bucket.getKey(), "pending"), bucketKey(bucket.getKey(), "episodes") };
            List<String> args = new ArrayList<>(bucket.getValue().size() * 3 + 3);
            args.addAll(List.of(Long.toString(nowMillis), flag(settings.writeBack()), flag(settings.quietEpisodes())));
            for (AlertedStep step : bucket.getValue()) {
                args.add(step.fingerprint().value());
                args.add(Long.toString(step.tally().delta()));
                args.add(Long.toString(step.tally().firstSeenMillis()));
            }
            String[] argArray = args.toArray(String[]::new);
            call((commands) -> RECORD_ALERTED_SCRIPT.run(commands, ScriptOutputType.INTEGER, keys, argArray));
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
        for (char bucket : RedisKeyLayout.BUCKETS.toCharArray()) {
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
        List<String> ids = call((commands) -> CLAIM_SCRIPT.run(commands, ScriptOutputType.MULTI,
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
        call((commands) -> ACKNOWLEDGE_SCRIPT.run(commands, ScriptOutputType.INTEGER, keys,
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
        for (char bucket : RedisKeyLayout.BUCKETS.toCharArray()) {
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
        List<String> flat = call((commands) -> TAKE_QUIET_SCRIPT.run(commands, ScriptOutputType.MULTI, keys, args));
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
        for (char bucket : RedisKeyLayout.BUCKETS.toCharArray()) {
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
        List<String> flat = call((commands) -> CLAIM_REMINDERS_SCRIPT.run(commands, ScriptOutputType.MULTI, keys, args));
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

    /** Connect if need be and PING (any one node of a Cluster), within the command timeout. */
    @Override
    public void probe() {
        connection.probe();
    }

    private String key(Fingerprint fingerprint) {
        return keys.record(fingerprint);
    }

    private String bucketKey(char bucket, String rest) {
        return keys.bucketKey(bucket, rest);
    }

    private static char bucketOf(Fingerprint fingerprint) {
        return RedisKeyLayout.bucketOf(fingerprint);
    }

    // A batch id is <owner>.<bucket>.<sequence>; the owner is 32 hex digits.
    private static char bucketOfBatch(String id) {
        int dot = id.indexOf('.');
        if (dot < 0 || dot + 1 >= id.length() || RedisKeyLayout.BUCKETS.indexOf(id.charAt(dot + 1)) < 0) {
            throw new IllegalArgumentException("Not a batch of a Redis store: " + id);
        }
        return id.charAt(dot + 1);
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        return connection.call(command);
    }

    /** Close the connection, and shut its client down when it was created with it. */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "RedisDedupStore[" + connection.location() + ", keyPrefix=" + settings.keyPrefix() + "]";
    }

}
