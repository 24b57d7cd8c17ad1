package dev.erroralert.benchmarks.jmh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import dev.erroralert.spring.aop.AlertOnErrorInterceptor;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sentry.Sentry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The throwing path, as the caller's thread pays it: one {@code IllegalStateException} thrown {@value
 * OrderLookup#DEPTH} frames down and caught by the benchmark — bare, out of an {@code @AlertOnError} bean with the
 * whole pipeline running on Redis, with Sentry's SDK capturing it, and with the naive synchronous Redis round trip.
 * The targets: the annotated bean at most 1.3 times the bare throw and catch, and at most a fifth of Sentry. One more,
 * the throw out of a plain Spring proxy, is no target: it splits the annotated bean's cost into what any Spring
 * advice costs a throw and what error-alert adds.
 * <p>
 * Every variant throws from the same {@link OrderLookup} code, and its setup checks that the exception's stack
 * really holds the {@value OrderLookup#DEPTH} frames (and prints its whole depth: the annotated bean's is deeper by
 * its proxy's frames, part of what it costs). The exceptions are created with {@code new}, so the JIT's elision of
 * stack traces for implicit exceptions ({@code OmitStackTraceInFastThrow}) never applies; and since the throw sits
 * under a recursion deeper than the JIT inlines, it is never turned into a jump inside the benchmark method.
 * Each variant takes only its own state, so with JMH's usual fork per benchmark each JVM runs only what it measures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ThrowingPathBenchmark {

    /** The order that is never found; a field, not a constant, so the message is built at each throw. */
    @State(Scope.Thread)
    public static class Argument {

        long orderId = 4711;
    }

    /** The lookup as a plain object, no alerting. */
    @State(Scope.Benchmark)
    public static class Bare {

        OrderLookup lookup;

        @Setup(Level.Trial)
        public void setUp() {
            lookup = new OrderLookup();
            report("bare", OrderLookup.checkedDepth(lookup, 4711));
        }
    }

    /**
     * The lookup behind a plain Spring proxy ({@link ComparedProxies#plain}), no alerting: not one of the targets,
     * but what any Spring AOP advice costs a throw, to tell it apart from what error-alert adds. Spring calls the
     * target by reflection, so a throw out of a proxied bean also creates an {@code InvocationTargetException} (with
     * a stack of its own) that the proxy unwraps, and the exception's stack is deeper by the proxy's frames.
     */
    @State(Scope.Benchmark)
    public static class PlainProxy {

        OrderLookup lookup;

        @Setup(Level.Trial)
        public void setUp() {
            lookup = ComparedProxies.plain(new OrderLookup());
            report("plain proxy", OrderLookup.checkedDepth(lookup, 4711));
        }
    }

    /**
     * The {@code @AlertOnError} bean of a Spring Boot application with the full pipeline: Redis on loopback as the
     * store, alerts to a Slack stand-in's webhook. Setup waits for the first alert and checks that Redis holds its
     * record, so what is measured is the pipeline deciding in Redis, not a fallback.
     * <p>
     * Under JMH's tight loop every occurrence has the same fingerprint: the aggregator holds one entry, and the
     * decider asks Redis once per flush (5 ms) for everything counted meanwhile — six alerts, then suppressed. The
     * caller's thread only queues each exception; the dispatcher thread reads its stack and message and fingerprints
     * it, which takes several times longer than the throw, so in this loop the dispatcher keeps one of the two cores
     * busy and cannot keep up: the bounded hand-off (2,048) stays full, and most occurrences are counted against
     * their type and site instead of queued (a map look-up and a compare-and-set instead of a queue node: about the
     * same cost to the caller, and exact counts). The teardown prints the share that went each way. What the figure
     * includes beyond the caller's own work is the dispatcher's competition for the CPU — on a 2-core machine, that is
     * part of what an error storm costs the application.
     */
    @State(Scope.Benchmark)
    public static class Pipeline {

        private static final String KEY_PREFIX = "bench-pipeline:";

        SlackStandIn slack;
        ConfigurableApplicationContext context;
        OrderLookup lookup;
        AlertPipeline pipeline;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            EmbeddedRedisServer redis = EmbeddedRedisServer.shared();
            slack = SlackStandIn.start();
            context = BenchmarkApplication.start("error-alert.redis.url=" + redis.uri(),
                    "error-alert.redis.key-prefix=" + KEY_PREFIX,
                    "error-alert.slack.webhook-url=" + slack.url("/services/T0/B0/BENCHMARK"));
            lookup = context.getBean(OrderLookup.class);
            pipeline = context.getBean(AlertPipeline.class);
            ComparedProxies.requireOneAdvice(lookup, AlertOnErrorInterceptor.class);
            report("annotated", OrderLookup.checkedDepth(lookup, 4711));
            slack.awaitRequests(1, Duration.ofSeconds(10));
            try (RedisClient client = RedisClient.create(redis.uri());
                    StatefulRedisConnection<String, String> connection = client.connect()) {
                if (connection.sync().keys(KEY_PREFIX + "*").isEmpty()) {
                    throw new IllegalStateException("The first alert was not decided in Redis");
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            PipelineStats stats = pipeline.stats();
            System.out.printf("%n[pipeline] captured %,d, of which overflowed %,d (%.1f %%), judged %,d, alerts %,d,"
                    + " fingerprints held %d, internal errors %d%n", stats.captured(), stats.overflowed(),
                    100.0 * stats.overflowed() / Math.max(1, stats.captured()), stats.judged(), stats.alertsSent(),
                    stats.aggregatorSize(), stats.internalErrors());
            context.close();
            System.out.printf("[pipeline] Slack requests received: %d%n", slack.requests().size());
            slack.close();
        }
    }

    /**
     * Sentry's Java SDK with its defaults but the DSN, which points at a local server answering {@code 200}. The
     * defaults that matter here (8.25.0): every event sent ({@code sampleRate} unset), deduplication of the same
     * exception instance on, an in-memory queue of 30 envelopes to one sending thread (when it is full, the envelope
     * is dropped and counted for a client report — so in the tight loop most events are built on the caller's thread
     * and then dropped), no disk cache, no thread dump ({@code attachThreads} off), no tracing, breadcrumbs up to 100,
     * backpressure handling on.
     */
    @State(Scope.Benchmark)
    public static class SentryReference {

        SentryStandIn ingest;
        OrderLookup lookup;

        @Setup(Level.Trial)
        public void setUp() {
            ingest = SentryStandIn.start();
            Sentry.init(options -> options.setDsn(ingest.dsn()));
            lookup = new OrderLookup();
            report("sentry", OrderLookup.checkedDepth(lookup, 4711));
            try {
                lookup.find(4711);
            }
            catch (IllegalStateException ex) {
                Sentry.captureException(ex);
            }
            Sentry.flush(5_000);
            if (ingest.envelopes() == 0) {
                throw new IllegalStateException("Sentry's SDK sent nothing to " + ingest.dsn());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Sentry.close();
            System.out.printf("%n[sentry] envelopes received: %,d%n", ingest.envelopes());
            ingest.close();
        }
    }

    /**
     * The seed's first design: on the caller's thread, a synchronous {@code GET} of the error's key and a
     * {@code SET} of its new count (with the repeat window as expiry), over one Lettuce connection to Redis on
     * loopback. The key is the exception's class and message, the same at each throw here.
     */
    @State(Scope.Benchmark)
    public static class NaiveRedis {

        RedisClient client;
        StatefulRedisConnection<String, String> connection;
        RedisCommands<String, String> redis;
        OrderLookup lookup;

        @Setup(Level.Trial)
        public void setUp() {
            client = RedisClient.create(EmbeddedRedisServer.shared().uri());
            connection = client.connect();
            redis = connection.sync();
            lookup = new OrderLookup();
            report("naive", OrderLookup.checkedDepth(lookup, 4711));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            connection.close();
            client.shutdown();
        }
    }

    private static final SetArgs REPEAT_WINDOW = SetArgs.Builder.ex(Duration.ofMinutes(30));

    @Benchmark
    public void bareThrowCatch(Bare state, Argument argument, Blackhole blackhole) {
        try {
            blackhole.consume(state.lookup.find(argument.orderId));
        }
        catch (IllegalStateException ex) {
            blackhole.consume(ex);
        }
    }

    @Benchmark
    public void plainProxyThrowCatch(PlainProxy state, Argument argument, Blackhole blackhole) {
        try {
            blackhole.consume(state.lookup.find(argument.orderId));
        }
        catch (IllegalStateException ex) {
            blackhole.consume(ex);
        }
    }

    @Benchmark
    public void annotatedWithPipeline(Pipeline state, Argument argument, Blackhole blackhole) {
        try {
            blackhole.consume(state.lookup.find(argument.orderId));
        }
        catch (IllegalStateException ex) {
            blackhole.consume(ex);
        }
    }

    @Benchmark
    public void sentryCaptureException(SentryReference state, Argument argument, Blackhole blackhole) {
        try {
            blackhole.consume(state.lookup.find(argument.orderId));
        }
        catch (IllegalStateException ex) {
            blackhole.consume(Sentry.captureException(ex));
        }
    }

    @Benchmark
    public void naiveRedisGetSet(NaiveRedis state, Argument argument, Blackhole blackhole) {
        try {
            blackhole.consume(state.lookup.find(argument.orderId));
        }
        catch (IllegalStateException ex) {
            String key = "naive:" + ex.getClass().getName() + ":" + ex.getMessage();
            String count = state.redis.get(key);
            blackhole.consume(state.redis.set(key, count == null ? "1" : Long.toString(Long.parseLong(count) + 1),
                    REPEAT_WINDOW));
        }
    }

    private static void report(String variant, int depth) {
        System.out.printf("%n[%s] the exception's stack holds %d frames, %d of them the recursion%n", variant, depth,
                OrderLookup.DEPTH);
    }
}
