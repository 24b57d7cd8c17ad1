package dev.erroralert.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;

/**
 * The thread lookup across the {@link DecisionChain}: the thread stores of the chain's stores (Redis, then JDBC), each
 * asked through the circuit of the store it keeps its threads with, so a call that fails counts against that store like
 * any call. Built by the chain ({@link DecisionChain#threads()}).
 */
public final class ChainThreads implements ThreadStore {

    /** A call through a store's circuit: {@code null} when the circuit refused it or the call failed. */
    interface Circuit {

        <T> @Nullable T callQuietly(Supplier<T> call);
    }

    /** A thread store and the circuit of the store it keeps its threads with. */
    record Guarded(ThreadStore threads, Circuit circuit) {
    }

    private final List<Guarded> stores;

    ChainThreads(List<Guarded> stores) {
        this.stores = List.copyOf(stores);
    }

    /**
     * The thread remembered by the first available store that keeps threads (Redis, then JDBC).
     *
     * @throws IllegalStateException when no store that keeps threads could answer: "unknown" is not "no thread", and
     *     a caller that took it for one would open a second thread for the same error
     */
    @Override
    public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
        for (Guarded store : stores) {
            Optional<String> thread = store.circuit().callQuietly(() -> store.threads().threadOf(fingerprint,
                    destination));
            if (thread != null) {
                return thread;
            }
        }
        throw new IllegalStateException("No store that keeps threads could answer");
    }

    /** Remember the thread in the first available store that keeps threads; a thread is a convenience, never fatal. */
    @Override
    public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
        for (Guarded store : stores) {
            Boolean remembered = store.circuit().callQuietly(() -> {
                store.threads().rememberThread(fingerprint, destination, thread);
                return Boolean.TRUE;
            });
            if (remembered != null) {
                return;
            }
        }
    }
}
