package dev.erroralert.testsupport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.store.ThreadStore;

/**
 * Threads kept in a map, as a Redis or JDBC store would keep them, with the same checks of destination and thread;
 * it can be told to fail as a store that is down.
 */
public final class InMemoryThreadStore implements ThreadStore {

    private final Map<String, String> threads = new ConcurrentHashMap<>();

    private volatile boolean down;

    /** From now on, every call fails as a store that cannot be reached. */
    public void goDown() {
        down = true;
    }

    /** From now on, calls work again. */
    public void comeBack() {
        down = false;
    }

    @Override
    public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
        ThreadStore.requireDestinationName(destination);
        failIfDown();
        return Optional.ofNullable(threads.get(key(fingerprint, destination)));
    }

    @Override
    public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
        ThreadStore.requireDestinationName(destination);
        ThreadStore.requireThread(thread);
        failIfDown();
        threads.put(key(fingerprint, destination), thread);
    }

    private void failIfDown() {
        if (down) {
            throw new IllegalStateException("Thread store unavailable: connection refused");
        }
    }

    private static String key(Fingerprint fingerprint, String destination) {
        return destination + "/" + fingerprint.value();
    }
}
