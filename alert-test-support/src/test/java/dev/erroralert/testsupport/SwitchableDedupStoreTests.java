package dev.erroralert.testsupport;

import java.time.Duration;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The store the pipeline's tests switch off keeps the contract while it is up, and fails as an outage when down. */
class SwitchableDedupStoreTests extends DedupStoreContractTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final Fingerprint FINGERPRINT = new Fingerprint("0123456789abcdef0123456789abcdef");

    // One store stands for the backend every instance shares.
    private final SwitchableDedupStore store = new SwitchableDedupStore("redis");

    @Override
    protected DedupStore newStore() {
        return store;
    }

    @Test
    void talliesAreCountedByTheStoresName() {
        assertThat(store.record(FINGERPRINT, 1, 0, WINDOWS).countedBy()).isEqualTo("redis");
    }

    @Test
    void aStoreThatIsDownFailsEveryCallNamingItselfAndStillCountsTheQuestion() {
        store.goDown();

        assertThatIllegalStateException().isThrownBy(() -> store.record(FINGERPRINT, 1, 0, WINDOWS))
                .withMessageContaining("redis");
        assertThatIllegalStateException().isThrownBy(store::probe).withMessageContaining("redis");
        assertThat(store.calls).hasValue(1);
        assertThat(store.recordsHeld()).isZero();
    }

    @Test
    void aStoreThatCameBackAnswersWithTheRecordsItKept() {
        long now = System.currentTimeMillis();
        store.record(FINGERPRINT, 3, now, WINDOWS);
        store.goDown();
        store.comeBack();

        assertThat(store.record(FINGERPRINT, 1, now, WINDOWS).count()).isEqualTo(4);
        assertThat(store.totalOf(FINGERPRINT)).isEqualTo(4);
    }

    @Test
    void aRestartForgetsEveryRecord() {
        long now = System.currentTimeMillis();
        store.record(FINGERPRINT, 3, now, WINDOWS);

        store.restartEmpty();

        assertThat(store.recordsHeld()).isZero();
        assertThat(store.record(FINGERPRINT, 1, now, WINDOWS).isNew()).isTrue();
    }
}
