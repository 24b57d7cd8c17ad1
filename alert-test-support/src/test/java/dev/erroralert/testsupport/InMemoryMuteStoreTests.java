package dev.erroralert.testsupport;

/** The mutes the starter's tests use keep the contract Redis and the database do. */
class InMemoryMuteStoreTests extends MuteStoreContractTests<InMemoryMuteStore> {

    @Override
    protected InMemoryMuteStore newStore() {
        return new InMemoryMuteStore("memory");
    }

    // One map stands for the backend every instance shares.
    @Override
    protected InMemoryMuteStore anotherInstance(InMemoryMuteStore store) {
        return store;
    }
}
