package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.notify.AlertLinks;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.delivery.DeliveryStats;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.LogDestination;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.DecisionChain;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert pipeline: {@link #capture} on the caller's thread, everything else in the background.
 * <pre>
 * capture ─► hand-off ─► dispatcher: fingerprint, aggregate ─► decider: judge (chain) ─► delivery (a lane per destination)
 * </pre>
 * {@code capture} does no I/O, takes no lock, never throws and never blocks: it records the time, the thread and the
 * diagnostic context and queues the exception as it is. A full queue makes it count the occurrence instead. Each
 * background stage has its own thread, so a slow store holds up neither callers nor the taking in of occurrences. Close the pipeline to judge and deliver what is pending, within the shutdown timeout.
 */
public final class AlertPipeline implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(AlertPipeline.class);

    private final HandOff handOff;
    private final Aggregator aggregator;
    private final Dispatcher dispatcher;
    private final Decider decider;
    private final DeliveryEngine delivery;
    private final Counters counters = new Counters();
    private final Supplier<Map<String, String>> context;
    private final Supplier<@Nullable RequestInfo> request;
    private final Clock clock;
    private final PipelineSettings settings;
    private final Thread dispatcherThread;
    private final Thread deciderThread;
    private final @Nullable Housekeeping housekeeping;
    private volatile boolean accepting = true;
    private boolean started;
    private boolean closed;

    private AlertPipeline(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.context = builder.context;
        this.request = builder.request;
        this.handOff = new HandOff(settings.handOffCapacity());
        this.delivery = builder.delivery;
        this.housekeeping = builder.housekeeping;
        this.aggregator = new Aggregator(settings.maxFingerprints());
        AlertMaker alerts = new AlertMaker(builder.inAppFrames, builder.masker, builder.origin, builder.links,
                builder.chain.policy().windows());
        this.decider = new Decider(aggregator, builder.chain, delivery, alerts, clock, settings, counters,
                builder.decisionObserver, builder.silences);
        this.dispatcher = new Dispatcher(handOff, builder.fingerprinter, aggregator, decider, settings, counters);
        this.dispatcherThread = daemon(dispatcher, "error-alert-dispatcher");
        this.deciderThread = daemon(decider, "error-alert-decider");
    }

    private static Thread daemon(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        return thread;
    }

    public static Builder builder(DecisionChain chain) {
        return new Builder(chain);
    }

    /** Start the background dispatcher. Occurrences captured before are kept and judged once it runs. */
    public synchronized AlertPipeline start() {
        if (!started && !closed) {
            started = true;
            delivery.start();
            deciderThread.start();
            dispatcherThread.start();
            if (housekeeping != null) {
                housekeeping.start();
            }
        }
        return this;
    }

    /**
     * Record that {@code error} was thrown out of {@code site}. Called on the caller's thread; returns at once and
     * never throws, whatever {@code error} is.
     */
    public void capture(@Nullable Throwable error, @Nullable CaptureSite site) {
        capture(error, site, null);
    }

    /**
     * Record that {@code error} was thrown out of {@code site} while serving {@code request}, for a capture point
     * that holds the request itself (and may know its status); without it, the request bound to the caller's thread,
     * if any. Called on the caller's thread; returns at once and never throws.
     */
    public void capture(@Nullable Throwable error, @Nullable CaptureSite site, @Nullable RequestInfo request) {
        if (error == null || site == null || !accepting) {
            return;
        }
        try {
            counters.captured.increment();
            handOff.offer(new ErrorEvent(error, site, clock.millis(), Thread.currentThread().getName(),
                    contextValues(), request != null ? request : currentRequest()));
        }
        catch (Throwable ex) {
            // Alerting must never hurt the host: whatever went wrong stays here.
            counters.internalErrors.increment();
        }
    }

    private @Nullable RequestInfo currentRequest() {
        try {
            return this.request.get();
        }
        catch (Throwable ex) {
            // Without its request the occurrence is still worth alerting.
            counters.internalErrors.increment();
            return null;
        }
    }

    private Map<String, String> contextValues() {
        try {
            Map<String, String> values = context.get();
            return values == null ? Map.of() : values;
        }
        catch (Throwable ex) {
            // Without its context the occurrence is still worth alerting.
            counters.internalErrors.increment();
            return Map.of();
        }
    }

    /** Counts of what the pipeline did so far. */
    public PipelineStats stats() {
        return new PipelineStats(counters.captured.sum(), handOff.overflowed(), counters.judged.get(),
                handOff.unattributed(), counters.alertsSent.get(), counters.alertsSuppressed.get(),
                counters.internalErrors.sum(), aggregator.size(), counters.observerErrors.sum(),
                counters.alertsMuted.get());
    }

    /** Counts of what delivery did so far. */
    public DeliveryStats deliveryStats() {
        return delivery.stats();
    }

    /**
     * Stop capturing, judge everything pending and deliver it, within the shutdown timeout; what cannot be
     * delivered in time is logged in full.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        if (started) {
            // In order: take in everything captured, then judge everything taken in, then deliver.
            dispatcher.stop();
            join(dispatcherThread, deadline);
            if (!dispatcherThread.isAlive()) {
                // A capture that saw "accepting" just before it was cleared may have queued after the final drain.
                dispatcher.drainEverything();
            }
            decider.stop();
            join(deciderThread, deadline);
            if (dispatcherThread.isAlive() || deciderThread.isAlive()) {
                logger.warn("error-alert: pending errors were not all judged within {}", settings.shutdownTimeout());
            }
        }
        if (housekeeping != null) {
            // Before delivery closes, so no periodic task (a quiet summary) hands it an alert once it is closed.
            housekeeping.stopPeriodic(remaining(deadline));
        }
        delivery.close(remaining(deadline));
        if (housekeeping != null) {
            // After the last judgement, so the last write-back sees every count; after delivery, which matters more
            // to the last alerts than the history does (what Redis counted waits there for the next write-back).
            housekeeping.runClosingTasks(remaining(deadline));
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    private static void join(Thread thread, long deadlineNanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Assembles a pipeline; only the chain is required. */
    public static final class Builder {

        private final DecisionChain chain;
        private Fingerprinter fingerprinter = new DefaultFingerprinter();
        private DeliveryEngine delivery = DeliveryEngine.to(new LogDestination());
        private InAppFrames inAppFrames = InAppFrames.everythingButFrameworks();
        private SecretMasker masker = SecretMasker.withDefaults();
        private Origin origin = Origin.unknown();
        private AlertLinks links = AlertLinks.NONE;
        private Supplier<Map<String, String>> context = Map::of;
        private Supplier<@Nullable RequestInfo> request = () -> null;
        private Clock clock = Clock.systemUTC();
        private PipelineSettings settings = PipelineSettings.ofDefaults();
        private DecisionObserver decisionObserver = DecisionObserver.none();
        private Silences silences = Silences.none();
        private @Nullable Housekeeping housekeeping;

        private Builder(DecisionChain chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
        }

        public Builder fingerprinter(Fingerprinter fingerprinter) {
            this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
            return this;
        }

        /** Where alerts go: the engine with its destinations and routes; by default, the application log. */
        public Builder delivery(DeliveryEngine delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /** A single destination, no routes and no outbox. */
        public Builder destination(Destination destination) {
            return delivery(DeliveryEngine.to(destination));
        }

        /** Which frames are the application's own, for the frames an alert shows. */
        public Builder inAppFrames(InAppFrames inAppFrames) {
            this.inAppFrames = Objects.requireNonNull(inAppFrames, "inAppFrames");
            return this;
        }

        /** Masks secrets in exception text and context values before an alert is built; the built-in rules by default. */
        public Builder masker(SecretMasker masker) {
            this.masker = Objects.requireNonNull(masker, "masker");
            return this;
        }

        /** The links alerts carry (trace, runbook, mute); none by default. */
        public Builder links(AlertLinks links) {
            this.links = Objects.requireNonNull(links, "links");
            return this;
        }

        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /** Reads the web request bound to the caller's thread, if any, on that thread; none by default. */
        public Builder request(Supplier<@Nullable RequestInfo> request) {
            this.request = Objects.requireNonNull(request, "request");
            return this;
        }

        /** Reads diagnostic context on the caller's thread, such as {@link dev.erroralert.event.MdcContext}. */
        public Builder context(Supplier<Map<String, String>> context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder settings(PipelineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Told about every judgement (for metrics); none by default. Called on the decider thread: it must be quick.
         */
        public Builder decisionObserver(DecisionObserver decisionObserver) {
            this.decisionObserver = Objects.requireNonNull(decisionObserver, "decisionObserver");
            return this;
        }

        /** The mutes that hold alerts back; none by default. */
        public Builder silences(Silences silences) {
            this.silences = Objects.requireNonNull(silences, "silences");
            return this;
        }

        /**
         * The periodic work beside the pipeline (write-back, quiet summaries, mutes): started with the pipeline and
         * closed by it, after its last judgement. None by default.
         */
        public Builder housekeeping(Housekeeping housekeeping) {
            this.housekeeping = Objects.requireNonNull(housekeeping, "housekeeping");
            return this;
        }

        public AlertPipeline build() {
            return new AlertPipeline(this);
        }
    }
}
