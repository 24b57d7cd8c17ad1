package dev.erroralert.fingerprint;

import dev.erroralert.event.ErrorEvent;

/**
 * Decides which occurrences are the same problem. Called on the dispatcher's thread, never on the caller's.
 * Implementations must be stable across restarts and hosts, and must not throw.
 */
@FunctionalInterface
public interface Fingerprinter {

    Fingerprint fingerprint(ErrorEvent event);
}
