package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Told about every judgement of the decision chain, for metrics: which store counted, whether an alert went out, how
 * many occurrences were judged and how long the chain took.
 * <p>
 * Called on the pipeline's decider thread, outside any lock, after the chain has answered; an implementation must be
 * quick and must not block, because every judgement behind it waits. Whatever it throws is caught and counted in
 * {@link PipelineStats#observerErrors()}; it never reaches the pipeline or the application.
 */
@FunctionalInterface
public interface DecisionObserver {

    /** Called once per judgement. */
    void observe(Judgement judgement);

    /** An observer that does nothing: the default. */
    static DecisionObserver none() {
        return judgement -> {
        };
    }

    /**
     * One observer telling each of {@code observers} in turn. One that throws does not keep the others from hearing
     * of the judgement; its failure is rethrown once all have been told.
     */
    static DecisionObserver allOf(List<? extends DecisionObserver> observers) {
        List<DecisionObserver> all = List.copyOf(observers);
        if (all.isEmpty()) {
            return none();
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return judgement -> {
            RuntimeException first = null;
            for (DecisionObserver observer : all) {
                try {
                    observer.observe(judgement);
                }
                catch (RuntimeException ex) {
                    if (first == null) {
                        first = ex;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }

    /** Whether a judgement sent an alert. */
    enum Outcome {

        /** An alert was handed to delivery. */
        SENT,

        /** The occurrences were counted, and no alert was sent. */
        SUPPRESSED,

        /** The rule would have sent an alert, and a mute held it back; the occurrences were counted. */
        MUTED;

        /** The outcome in lower case, as a metric tag value: {@code sent}, {@code suppressed} or {@code muted}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One judgement of a fingerprint's pending occurrences.
     *
     * @param store the name of the store that counted ({@code redis}, {@code jdbc}, {@code memory} for the direct
     *     link's guard, {@code direct} when it sent without one): a bounded value
     * @param outcome whether an alert was sent
     * @param occurrences how many occurrences were judged at once (more than one when repeats were aggregated)
     * @param exceptionType the class name of the example occurrence's exception; unbounded in general, so a metric
     *     must cap it before using it as a tag
     * @param took how long the chain took to answer, fall-throughs to later links included
     */
    record Judgement(String store, Outcome outcome, long occurrences, String exceptionType, Duration took) {

        /** Checks the values. */
        public Judgement {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(exceptionType, "exceptionType");
            Objects.requireNonNull(took, "took");
            if (occurrences < 1) {
                throw new IllegalArgumentException("A judgement covers at least one occurrence, got " + occurrences);
            }
        }
    }
}
