package dev.erroralert.testsupport;

/** The history the tests of core, Redis and the starter use keeps the contract the database does. */
class InMemoryHistoryStoreTests extends HistoryStoreContractTests {

    // One per test, standing for the database every instance shares.
    private final InMemoryHistoryStore shared = new InMemoryHistoryStore();

    @Override
    protected InMemoryHistoryStore newStore() {
        return shared;
    }
}
