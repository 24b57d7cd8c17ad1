package dev.erroralert.policy;

import java.util.Objects;

/**
 * The outcome for a fingerprint's pending occurrences: one alert is sent, or none.
 */
public sealed interface Decision permits Decision.Send, Decision.Suppress {

    /** The counts behind the decision, which the alert shows. */
    Tally tally();

    /**
     * Send one alert carrying the tally.
     *
     * @param tally the counts
     * @param capped whether this is the last alert before the cap, which the alert says
     */
    record Send(Tally tally, boolean capped) implements Decision {
        public Send {
            Objects.requireNonNull(tally, "tally");
        }
    }

    /**
     * Count, but do not send.
     *
     * @param tally the counts
     */
    record Suppress(Tally tally) implements Decision {
        public Suppress {
            Objects.requireNonNull(tally, "tally");
        }
    }
}
