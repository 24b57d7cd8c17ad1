package dev.erroralert.testsupport;

import java.time.Duration;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.ThreadStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The behaviour every {@link ThreadStore} must show, written once and run against each store that keeps threads
 * (Redis, PostgreSQL, MariaDB, H2). Each fingerprint is counted once before its thread is remembered, as it is by the time its
 * first alert has been sent.
 *
 * @param <S> the store under test, which keeps threads with the deduplication records of a store
 */
public abstract class ThreadStoreContractTests<S extends ThreadStore> {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final String SLACK_TS = "1712345678.123456";

    /**
     * A store instance as a separate application instance would have it (its own connection), sharing the backend
     * with every other instance this method returns.
     */
    protected abstract S newStore();

    /** The store whose records {@code store} keeps its threads with. */
    protected abstract DedupStore recordsOf(S store);

    /** A fingerprint no other test uses, counted once in {@code store}. */
    protected Fingerprint countedFingerprint(S store) {
        Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
        recordsOf(store).record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
        return fingerprint;
    }

    @Test
    void rememberedThreadIsReadBack() {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);

        store.rememberThread(fingerprint, "ops-alerts", SLACK_TS);

        assertThat(store.threadOf(fingerprint, "ops-alerts")).contains(SLACK_TS);
    }

    @Test
    void anotherInstanceReadsTheSameThread() {
        S one = newStore();
        S another = newStore();
        Fingerprint fingerprint = countedFingerprint(one);

        one.rememberThread(fingerprint, "default", SLACK_TS);

        assertThat(another.threadOf(fingerprint, "default")).contains(SLACK_TS);
    }

    @Test
    void fingerprintWithoutARememberedThreadHasNone() {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);

        assertThat(store.threadOf(fingerprint, "default")).isEmpty();
    }

    @Test
    void threadOfOneDestinationIsNotAnothersNorAnotherFingerprints() {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);
        Fingerprint other = countedFingerprint(store);

        store.rememberThread(fingerprint, "payments", SLACK_TS);

        assertThat(store.threadOf(fingerprint, "shipping")).isEmpty();
        assertThat(store.threadOf(other, "payments")).isEmpty();
    }

    @Test
    void rememberingAgainReplacesTheThread() {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);
        store.rememberThread(fingerprint, "default", SLACK_TS);

        newStore().rememberThread(fingerprint, "default", "1712349999.000100");

        assertThat(store.threadOf(fingerprint, "default")).contains("1712349999.000100");
    }

    @Test
    void destinationOfSixtyFourLettersDigitsDashesAndUnderscoresIsAccepted() {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);
        String longest = "Ops_alerts-2" + "x".repeat(52);

        store.rememberThread(fingerprint, longest, SLACK_TS);

        assertThat(store.threadOf(fingerprint, longest)).contains(SLACK_TS);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ops alerts", "ops:alerts", "{ops}", "#ops", "opérations", "ops\n",
            "a2345678901234567890123456789012345678901234567890123456789012345" })
    void destinationThatIsNotAShortIdentifierIsRejectedNamingIt(String destination) {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.rememberThread(fingerprint, destination, SLACK_TS))
                .withMessageContaining("destination");
        assertThatIllegalArgumentException().isThrownBy(() -> store.threadOf(fingerprint, destination))
                .withMessageContaining("destination");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 65 })
    void threadThatIsEmptyOrLongerThanSixtyFourCharactersIsRejected(int length) {
        S store = newStore();
        Fingerprint fingerprint = countedFingerprint(store);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.rememberThread(fingerprint, "default", "1".repeat(length)))
                .withMessageContaining("thread");
    }
}
