package dev.erroralert.store;

import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.Tally;

/**
 * A step of a store that an alert was sent for, to note in a batch ({@link DedupStore#recordAlertedAll}).
 *
 * @param fingerprint the error
 * @param tally what the store counted in that step, as it answered it
 */
public record AlertedStep(Fingerprint fingerprint, Tally tally) {

    public AlertedStep {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(tally, "tally");
    }
}
