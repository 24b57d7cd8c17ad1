package dev.erroralert.pipeline;

/**
 * Counters of what the pipeline did, for tests, health and metrics. Every occurrence captured is either judged
 * ({@code judged}) or still on its way; none is lost silently.
 *
 * @param captured occurrences handed in by callers
 * @param overflowed occurrences that found the hand-off full and were counted instead of queued: per exception type,
 *     site and message (each attributed to its own error), or, past the bound on such entries, per type and site
 *     (attributed to the latest example of that type and site)
 * @param judged occurrences the decision chain has counted
 * @param unattributed overflowed occurrences not attributable to a fingerprint (hand-off and both overflow bounds
 *     full); counted in {@code overflowed} too
 * @param alertsSent alerts handed to delivery
 * @param alertsSuppressed decisions that suppressed
 * @param internalErrors failures inside the pipeline itself, each caught and logged
 * @param aggregatorSize distinct fingerprints the aggregator holds now, at most
 *     {@link PipelineSettings#maxFingerprints()}
 * @param observerErrors failures of the {@link DecisionObserver}, each caught
 * @param alertsMuted decisions to send that a mute held back (not counted in {@code alertsSuppressed})
 */
public record PipelineStats(long captured, long overflowed, long judged, long unattributed,
        long alertsSent, long alertsSuppressed, long internalErrors, long aggregatorSize, long observerErrors,
        long alertsMuted) {
}
