package dev.erroralert.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's running counts, shared by its parts; {@link PipelineStats} is their snapshot. */
final class Counters {

    private static final Logger logger = LoggerFactory.getLogger(AlertPipeline.class);

    /** Incremented on callers' threads: a striped adder does not make them contend. */
    final LongAdder captured = new LongAdder();
    final AtomicLong judged = new AtomicLong();
    final AtomicLong alertsSent = new AtomicLong();
    final AtomicLong alertsSuppressed = new AtomicLong();
    final AtomicLong alertsMuted = new AtomicLong();
    final LongAdder internalErrors = new LongAdder();
    final LongAdder observerErrors = new LongAdder();
    private final AtomicBoolean observerFailureLogged = new AtomicBoolean();

    /**
     * Count and log a failure inside the pipeline. Logging it must not fail in turn: the exception may come from
     * user code whose {@code getMessage()} throws when the logger renders it.
     */
    void internalError(String doing, Throwable ex) {
        internalErrors.increment();
        try {
            logger.error("error-alert: failed {}; carrying on", doing, ex);
        }
        catch (Throwable renderingFailed) {
            try {
                logger.error("error-alert: failed {} ({}); carrying on", doing, ex.getClass().getName());
            }
            catch (Throwable ignored) {
                // Nothing left that could report it; the counter still does.
            }
        }
    }

    /**
     * Count a failure of a {@link DecisionObserver}. Only the first is logged with its stack trace: a broken observer
     * fails on every judgement, and the log must not pay for that.
     */
    void observerFailed(Throwable ex) {
        observerErrors.increment();
        try {
            if (observerFailureLogged.compareAndSet(false, true)) {
                logger.warn("error-alert: a decision observer failed; its further failures are counted, not logged", ex);
            }
            else {
                logger.debug("error-alert: a decision observer failed again", ex);
            }
        }
        catch (Throwable renderingFailed) {
            // The counter still has it.
        }
    }
}
