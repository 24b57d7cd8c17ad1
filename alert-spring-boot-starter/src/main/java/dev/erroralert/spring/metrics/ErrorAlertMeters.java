package dev.erroralert.spring.metrics;

/**
 * The names of error-alert's meters and tags, in one place. Every meter is lowercase and dotted under
 * {@code error.alert}, and every tag value is bounded: store names, outcomes, destination names from the configuration,
 * fixed drop reasons, and, only when enabled, exception class names capped at {@link #MAX_EXCEPTION_TYPES}.
 */
public final class ErrorAlertMeters {

    /** Counter: exceptions captured from annotated beans, each thrown exception once. */
    public static final String OCCURRENCES = "error.alert.occurrences";

    /** Counter: occurrences judged by the decision chain; tags {@code store}, {@code outcome}. */
    public static final String OCCURRENCES_JUDGED = "error.alert.occurrences.judged";

    /**
     * Counter: judgements of the decision chain, one per fingerprint per flush (so {@code outcome=sent} counts the
     * alerts handed to delivery); tags {@code store}, {@code outcome}.
     */
    public static final String DECISIONS = "error.alert.decisions";

    /** Timer: how long the decision chain took per judgement; tag {@code store}. */
    public static final String DECISION_DURATION = "error.alert.decision.duration";

    /** Counter: decisions a store did not make because it failed or its circuit was open; tag {@code store}. */
    public static final String STORE_FALL_THROUGHS = "error.alert.store.fallthroughs";

    /** Gauge: a store's circuit breaker, 0 closed, 1 half-open, 2 open; tag {@code store}. */
    public static final String STORE_CIRCUIT = "error.alert.store.circuit";

    /** Counter: alerts by what happened to their message; tags {@code destination}, {@code result}, {@code reason}. */
    public static final String DELIVERIES = "error.alert.deliveries";

    /** Timer: from an alert's capture to its delivery; tag {@code destination}. */
    public static final String DELIVERY_LATENCY = "error.alert.delivery.latency";

    /** Gauge: distinct errors (fingerprints) the local aggregator holds. */
    public static final String AGGREGATOR_SIZE = "error.alert.aggregator.size";

    /**
     * Counter: occurrences that found the hand-off queue full and were counted per exception type, site and message.
     */
    public static final String HAND_OFF_OVERFLOW = "error.alert.handoff.overflow";

    /** Counter: occurrences counted while even the overflow was full, so attributed to no error. */
    public static final String HAND_OFF_UNATTRIBUTED = "error.alert.handoff.unattributed";

    /** Gauge: seconds since the write-back last moved everything pending into the history. */
    public static final String WRITE_BACK_LAG = "error.alert.writeback.lag";

    /** Counter: occurrences this instance wrote back into the history. */
    public static final String WRITE_BACK_OCCURRENCES = "error.alert.writeback.occurrences";

    /** Counter: write-backs that failed, their counts left for the next one. */
    public static final String WRITE_BACK_FAILURES = "error.alert.writeback.failures";

    /** Counter: summaries sent when an error with suppressed occurrences went quiet. */
    public static final String QUIET_SUMMARIES = "error.alert.quiet.summaries";

    /** Tag: the name of a store ({@code redis}, {@code jdbc}), or of the direct link ({@code memory}, {@code direct}). */
    public static final String STORE = "store";

    /** Tag: {@code sent}, {@code suppressed} or {@code muted}. */
    public static final String OUTCOME = "outcome";

    /** Tag: {@code default} (Slack) or {@code log} (no Slack settings), or the name of a configured route. */
    public static final String DESTINATION = "destination";

    /**
     * Tag: {@code delivered}, {@code retried}, {@code rate-limited}, {@code parked}, {@code redelivered} or
     * {@code dropped}.
     */
    public static final String RESULT = "result";

    /**
     * Tag: why alerts were dropped ({@code no-outbox}, {@code outbox-unavailable}, {@code render-failed},
     * {@code refused}), {@link #NONE} for any other result.
     */
    public static final String REASON = "reason";

    /** Tag, only with {@code error-alert.metrics.exception-type-tag=true}: the exception's class name. */
    public static final String EXCEPTION = "exception";

    /** The value of a tag that does not apply, as Spring Boot's own meters have it. */
    public static final String NONE = "none";

    /** The exception tag of every exception type beyond the first {@link #MAX_EXCEPTION_TYPES}. */
    public static final String OTHER = "other";

    /** How many distinct exception class names are tagged; later ones are tagged {@link #OTHER}. */
    public static final int MAX_EXCEPTION_TYPES = 50;

    private ErrorAlertMeters() {
    }
}
