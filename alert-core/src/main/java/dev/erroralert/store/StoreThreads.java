package dev.erroralert.store;

import java.util.Objects;

/**
 * The {@link ThreadStore} that keeps its threads beside the records of the {@link DedupStore} named {@code store}
 * (Redis in the records' hashes, JDBC in the same database). The {@link DecisionChain} asks it through that store's
 * circuit: one backend that is down is skipped for both, and costs one timeout, not one per role.
 *
 * @param store the {@link DedupStore#name() name} of the store the threads are kept with
 * @param threads the threads
 */
public record StoreThreads(String store, ThreadStore threads) {

    public StoreThreads {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(threads, "threads");
    }
}
