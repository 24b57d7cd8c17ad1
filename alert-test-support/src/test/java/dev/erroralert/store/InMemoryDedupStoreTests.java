package dev.erroralert.store;

import java.time.Duration;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.testsupport.DedupStoreContractTests;
import dev.erroralert.testsupport.PendingCountsContractTests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryDedupStoreTests extends DedupStoreContractTests {

    // One in-memory store stands for the whole "fleet": its state is per instance by design.
    private final InMemoryDedupStore shared = new InMemoryDedupStore();

    @Override
    protected DedupStore newStore() {
        return shared;
    }

    @Test
    void holdsNoMoreThanItsMaximumOfRecords() {
        InMemoryDedupStore store = new InMemoryDedupStore(100);
        DedupWindows windows = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
        Fingerprint firstOne = randomFingerprint();
        store.record(firstOne, 1, 0, windows);

        for (int i = 0; i < 1_000; i++) {
            store.record(randomFingerprint(), 1, i, windows);
        }

        assertThat(store.size()).isLessThanOrEqualTo(100);
        assertThat(store.record(firstOne, 1, 2_000, windows).isNew()).as("the eldest was evicted").isTrue();
    }

    @Test
    void rejectsAZeroDelta() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> shared.record(randomFingerprint(), 0, 0, new DedupWindows(Duration.ofSeconds(1),
                        Duration.ofSeconds(1))))
                .withMessageContaining("delta");
    }

    /** The direct link's ledger: the store with a write-back keeps what it counted for the history. */
    @Nested
    class AsLedger extends PendingCountsContractTests<InMemoryDedupStore> {

        @Override
        protected InMemoryDedupStore newStore() {
            return new InMemoryDedupStore(InMemoryDedupStore.DEFAULT_MAX_ENTRIES, true);
        }
    }
}
