package dev.erroralert.spring.metrics;

import java.util.Objects;

import dev.erroralert.pipeline.QuietSummaries;
import dev.erroralert.history.WriteBack;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.store.DecisionChain;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters read from the pipeline's and the chain's own counts whenever the registry asks: occurrences captured,
 * the aggregator's size, the hand-off's overflow, and per store its fall-throughs and its circuit. Reading them costs
 * the pipeline nothing between two scrapes. The meters counted as things happen are {@link ErrorAlertMeterObserver}'s.
 */
public class ErrorAlertMetrics implements MeterBinder {

    private final AlertPipeline pipeline;
    private final DecisionChain chain;
    private final @Nullable WriteBack writeBack;
    private final @Nullable QuietSummaries quietSummaries;

    /**
     * Meters of {@code pipeline} and of the stores of {@code chain}.
     *
     * @param pipeline the pipeline, for its counts
     * @param chain the chain the pipeline judges with, for its stores
     */
    public ErrorAlertMetrics(AlertPipeline pipeline, DecisionChain chain) {
        this(pipeline, chain, null, null);
    }

    /**
     * Meters of {@code pipeline}, of the stores of {@code chain}, and of the write-back and quiet summaries when there
     * are.
     */
    public ErrorAlertMetrics(AlertPipeline pipeline, DecisionChain chain, @Nullable WriteBack writeBack,
            @Nullable QuietSummaries quietSummaries) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.writeBack = writeBack;
        this.quietSummaries = quietSummaries;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(ErrorAlertMeters.OCCURRENCES, pipeline, p -> p.stats().captured())
                .description("Exceptions captured from annotated beans, each thrown exception once")
                .baseUnit("occurrences")
                .register(registry);
        Gauge.builder(ErrorAlertMeters.AGGREGATOR_SIZE, pipeline, p -> p.stats().aggregatorSize())
                .description("Distinct errors (fingerprints) the local aggregator holds, at most "
                        + "error-alert.pipeline.max-fingerprints")
                .baseUnit("fingerprints")
                .register(registry);
        FunctionCounter.builder(ErrorAlertMeters.HAND_OFF_OVERFLOW, pipeline, p -> p.stats().overflowed())
                .description("Occurrences that found the hand-off queue full and were counted per exception type, "
                        + "capture site and message instead; none is lost")
                .baseUnit("occurrences")
                .register(registry);
        FunctionCounter.builder(ErrorAlertMeters.HAND_OFF_UNATTRIBUTED, pipeline, p -> p.stats().unattributed())
                .description("Occurrences counted while even the hand-off's overflow was full: counted, but attributed "
                        + "to no error and so never alerted")
                .baseUnit("occurrences")
                .register(registry);
        if (writeBack != null) {
            Gauge.builder(ErrorAlertMeters.WRITE_BACK_LAG, writeBack, w -> w.lag().toMillis() / 1000.0)
                    .description("Time since the write-back last moved everything pending into the history: how far "
                            + "the history may lag behind the live counts")
                    .baseUnit("seconds")
                    .register(registry);
            FunctionCounter.builder(ErrorAlertMeters.WRITE_BACK_OCCURRENCES, writeBack, WriteBack::occurrencesWritten)
                    .description("Occurrences this instance wrote back into the history")
                    .baseUnit("occurrences")
                    .register(registry);
            FunctionCounter.builder(ErrorAlertMeters.WRITE_BACK_FAILURES, writeBack, WriteBack::failures)
                    .description("Write-backs that failed and left their counts to the next one; nothing is lost")
                    .baseUnit("syncs")
                    .register(registry);
        }
        if (quietSummaries != null) {
            FunctionCounter.builder(ErrorAlertMeters.QUIET_SUMMARIES, quietSummaries, QuietSummaries::sent)
                    .description("Summaries sent when an error with suppressed occurrences went quiet")
                    .baseUnit("alerts")
                    .register(registry);
        }
        // The stores are fixed when the chain is built, so are their meters.
        for (DecisionChain.StoreState store : chain.storeStates()) {
            String name = store.store();
            FunctionCounter.builder(ErrorAlertMeters.STORE_FALL_THROUGHS, chain, c -> fallThroughs(c, name))
                    .description("Decisions a store did not make because it failed or its circuit was open; the next "
                            + "link of the chain made them")
                    .baseUnit("decisions")
                    .tag(ErrorAlertMeters.STORE, name)
                    .register(registry);
            Gauge.builder(ErrorAlertMeters.STORE_CIRCUIT, chain, c -> circuit(c, name))
                    .description("State of a store's circuit breaker: 0 closed (the store is used), 1 half-open (one "
                            + "call probes it), 2 open (skipped until its cool-down has passed)")
                    .tag(ErrorAlertMeters.STORE, name)
                    .register(registry);
        }
    }

    private static double fallThroughs(DecisionChain chain, String store) {
        return chain.storeStates().stream().filter(state -> state.store().equals(store))
                .mapToLong(DecisionChain.StoreState::fallThroughs).findFirst().orElse(0);
    }

    private static double circuit(DecisionChain chain, String store) {
        String circuit = chain.storeStates().stream().filter(state -> state.store().equals(store))
                .map(DecisionChain.StoreState::circuit).findFirst().orElse("CLOSED");
        return switch (circuit) {
            case "HALF_OPEN" -> 1;
            case "OPEN", "FORCED_OPEN" -> 2;
            default -> 0;
        };
    }
}
