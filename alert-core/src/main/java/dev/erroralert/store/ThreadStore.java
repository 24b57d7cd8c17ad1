package dev.erroralert.store;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.erroralert.fingerprint.Fingerprint;

/**
 * Remembers, with a fingerprint's shared record, the chat thread its alerts go to on a destination, so threads
 * survive restarts and are shared by every instance. Implemented by the stores that can (Redis, JDBC).
 */
public interface ThreadStore {

    /** What a destination's name may be, so it fits a store's keys and rows; route names are destination names. */
    Pattern DESTINATION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * {@code destination}, when it is a valid destination name.
     *
     * @throws IllegalArgumentException naming the bad value otherwise
     */
    static String requireDestinationName(String destination) {
        if (!DESTINATION_NAME.matcher(destination).matches()) {
            throw new IllegalArgumentException("destination must be 1 to 64 letters, digits, '-' or '_', got '"
                    + destination + "'");
        }
        return destination;
    }

    /** The longest thread a store keeps: a Slack message {@code ts} is far shorter. */
    int MAX_THREAD_LENGTH = 64;

    /**
     * {@code thread}, when it is 1 to {@link #MAX_THREAD_LENGTH} characters, as every store keeps it.
     *
     * @throws IllegalArgumentException naming the bad length otherwise
     */
    static String requireThread(String thread) {
        if (thread.isEmpty() || thread.length() > MAX_THREAD_LENGTH) {
            throw new IllegalArgumentException("thread must be 1 to " + MAX_THREAD_LENGTH + " characters, got "
                    + thread.length());
        }
        return thread;
    }

    /** The thread (a Slack message {@code ts}) alerts of {@code fingerprint} go to on {@code destination}, if any. */
    Optional<String> threadOf(Fingerprint fingerprint, String destination);

    /** Remember {@code thread} for {@code fingerprint} on {@code destination}, replacing an earlier one. */
    void rememberThread(Fingerprint fingerprint, String destination, String thread);
}
