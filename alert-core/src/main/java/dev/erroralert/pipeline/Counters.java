package dev.erroralert.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The pipeline's running counts, shared by its parts; {@link PipelineStats} is their snapshot. */
final class Counters {

    /** Incremented on callers' threads: a striped adder does not make them contend. */
    final LongAdder captured = new LongAdder();
    final AtomicLong judged = new AtomicLong();
    final AtomicLong judgedAlone = new AtomicLong();
    final AtomicLong alertsSent = new AtomicLong();
    final AtomicLong alertsSuppressed = new AtomicLong();
    final AtomicLong deliveryFailures = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();
}
