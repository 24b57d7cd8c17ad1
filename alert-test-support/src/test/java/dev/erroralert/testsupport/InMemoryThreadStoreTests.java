package dev.erroralert.testsupport;

import dev.erroralert.store.DedupStore;
import dev.erroralert.store.InMemoryDedupStore;

/** The threads the pipeline's tests use keep the contract Redis and the database do. */
class InMemoryThreadStoreTests extends ThreadStoreContractTests<InMemoryThreadStore> {

    // One map stands for the backend every instance shares.
    private final InMemoryThreadStore store = new InMemoryThreadStore();

    // The fake keeps threads apart from any records; the contract only needs the fingerprints counted somewhere.
    private final InMemoryDedupStore records = new InMemoryDedupStore();

    @Override
    protected InMemoryThreadStore newStore() {
        return store;
    }

    @Override
    protected DedupStore recordsOf(InMemoryThreadStore store) {
        return records;
    }
}
