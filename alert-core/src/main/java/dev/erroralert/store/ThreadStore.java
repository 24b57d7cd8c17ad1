package dev.erroralert.store;

import java.util.Optional;

import dev.erroralert.fingerprint.Fingerprint;

/**
 * Remembers, with a fingerprint's shared record, the chat thread its alerts go to on a destination, so threads
 * survive restarts and are shared by every instance. Implemented by the stores that can (Redis, JDBC).
 */
public interface ThreadStore {

    /** The thread (a Slack message {@code ts}) alerts of {@code fingerprint} go to on {@code destination}, if any. */
    Optional<String> threadOf(Fingerprint fingerprint, String destination);

    /** Remember {@code thread} for {@code fingerprint} on {@code destination}, replacing an earlier one. */
    void rememberThread(Fingerprint fingerprint, String destination, String thread);
}
