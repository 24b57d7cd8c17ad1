package dev.erroralert.pipeline;

import dev.erroralert.history.ErrorDetails;
import dev.erroralert.notify.SecretMasker;

/**
 * What a store kept of an error, made fit to leave the process again. The sample message was masked when it was
 * counted, but perhaps by another application or an older rule set, so it is masked once more.
 */
final class StoredDetails {

    private StoredDetails() {
    }

    /** {@code details} with the sample message masked by {@code masker}; the same instance when it has none. */
    static ErrorDetails masked(ErrorDetails details, SecretMasker masker) {
        String sample = details.sampleMessage();
        return sample == null ? details
                : new ErrorDetails(details.exceptionType(), masker.mask(sample), details.location(),
                        details.application(), details.environment());
    }
}
