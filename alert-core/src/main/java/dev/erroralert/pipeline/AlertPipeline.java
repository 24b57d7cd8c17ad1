package dev.erroralert.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprinter;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.notify.LoggingNotifier;
import dev.erroralert.notify.Notifier;
import dev.erroralert.store.DecisionChain;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert pipeline: {@link #capture} on the caller's thread, everything else in the background.
 * <pre>
 * capture ─► hand-off ─► dispatcher: fingerprint, aggregate, judge (chain) ─► delivery (notifier)
 * </pre>
 * {@code capture} does no I/O, takes no lock that is held during I/O, never throws and never blocks: it records the
 * time, the thread and the diagnostic context and queues the exception as it is. A full queue makes it count the
 * occurrence instead. Close the pipeline to judge and deliver what is pending, within the shutdown timeout.
 */
public final class AlertPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

    private final HandOff handOff;
    private final Dispatcher dispatcher;
    private final Delivery delivery;
    private final Counters counters = new Counters();
    private final Supplier<Map<String, String>> context;
    private final Clock clock;
    private final PipelineSettings settings;
    private final Thread dispatcherThread;
    private volatile boolean accepting = true;
    private boolean started;
    private boolean closed;

    private AlertPipeline(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.context = builder.context;
        this.handOff = new HandOff(settings.handOffCapacity());
        this.delivery = new Delivery(builder.notifier, settings.deliveryQueueCapacity(), counters);
        this.dispatcher = new Dispatcher(handOff, builder.fingerprinter, builder.chain, delivery, builder.inAppFrames,
                builder.origin, clock, settings, counters);
        this.dispatcherThread = new Thread(dispatcher, "error-alert-dispatcher");
        this.dispatcherThread.setDaemon(true);
    }

    public static Builder builder(DecisionChain chain) {
        return new Builder(chain);
    }

    /** Start the background dispatcher. Occurrences captured before are kept and judged once it runs. */
    public synchronized AlertPipeline start() {
        if (!started && !closed) {
            started = true;
            dispatcherThread.start();
        }
        return this;
    }

    /**
     * Record that {@code error} was thrown out of {@code site}. Called on the caller's thread; returns at once and
     * never throws, whatever {@code error} is.
     */
    public void capture(@Nullable Throwable error, @Nullable CaptureSite site) {
        if (error == null || site == null || !accepting) {
            return;
        }
        try {
            counters.captured.increment();
            handOff.offer(new ErrorEvent(error, site, clock.millis(), Thread.currentThread().getName(),
                    context.get()));
        }
        catch (Throwable ex) {
            // Alerting must never hurt the host: whatever went wrong stays here.
            counters.internalErrors.incrementAndGet();
        }
    }

    /** Counts of what the pipeline did so far. */
    public PipelineStats stats() {
        return new PipelineStats(counters.captured.sum(), handOff.overflowed(), counters.judged.get(),
                handOff.unattributed(), counters.judgedAlone.get(), counters.alertsSent.get(),
                counters.alertsSuppressed.get(), counters.deliveryFailures.get(), counters.internalErrors.get());
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
            dispatcher.stop();
            try {
                dispatcherThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (dispatcherThread.isAlive()) {
                log.warn("error-alert: pending errors were not all judged within {}", settings.shutdownTimeout());
            }
        }
        delivery.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Assembles a pipeline; only the chain is required. */
    public static final class Builder {

        private final DecisionChain chain;
        private Fingerprinter fingerprinter = new DefaultFingerprinter();
        private Notifier notifier = new LoggingNotifier();
        private InAppFrames inAppFrames = InAppFrames.everythingButFrameworks();
        private Origin origin = Origin.unknown();
        private Supplier<Map<String, String>> context = Map::of;
        private Clock clock = Clock.systemUTC();
        private PipelineSettings settings = PipelineSettings.ofDefaults();

        private Builder(DecisionChain chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
        }

        public Builder fingerprinter(Fingerprinter fingerprinter) {
            this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
            return this;
        }

        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        /** Which frames are the application's own, for the frames an alert shows. */
        public Builder inAppFrames(InAppFrames inAppFrames) {
            this.inAppFrames = Objects.requireNonNull(inAppFrames, "inAppFrames");
            return this;
        }

        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
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

        public AlertPipeline build() {
            return new AlertPipeline(this);
        }
    }
}
