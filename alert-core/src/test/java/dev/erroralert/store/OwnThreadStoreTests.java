package dev.erroralert.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store of the application's own that is a {@link ThreadStore} too keeps the chain's Slack threads, as it did when
 * the chain asked every store that was one; a store paired with a thread store of its backend uses that one.
 */
class OwnThreadStoreTests {

    private static final Fingerprint FINGERPRINT = new Fingerprint("0123456789abcdef0123456789abcdef");

    /** Counts in memory and keeps threads beside its records, as a store written by an application might. */
    static final class CountingAndThreading implements DedupStore, ThreadStore {

        private final InMemoryDedupStore records = new InMemoryDedupStore();
        final Map<String, String> threads = new HashMap<>();

        @Override
        public String name() {
            return "own";
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            return records.record(fingerprint, delta, nowMillis, windows, details);
        }

        @Override
        public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
            return Optional.ofNullable(threads.get(fingerprint.value() + "/" + destination));
        }

        @Override
        public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
            threads.put(fingerprint.value() + "/" + destination, thread);
        }
    }

    private static DecisionChain chain(DedupStore store, List<StoreThreads> threads) {
        return new DecisionChain(List.of(store), threads, SeedAlertPolicy.ofDefaults(), null, Duration.ofSeconds(10));
    }

    @Test
    void aStoreThatKeepsThreadsItselfKeepsTheChainsThreads() {
        CountingAndThreading own = new CountingAndThreading();
        DecisionChain chain = chain(own, List.of());

        chain.threads().rememberThread(FINGERPRINT, "default", "1712345678.123456");

        assertThat(own.threads).containsEntry(FINGERPRINT.value() + "/default", "1712345678.123456");
        assertThat(chain.threads().threadOf(FINGERPRINT, "default")).contains("1712345678.123456");
    }

    @Test
    void aThreadStorePairedWithTheStoreIsUsedInsteadOfTheStoresOwn() {
        CountingAndThreading own = new CountingAndThreading();
        CountingAndThreading paired = new CountingAndThreading();
        DecisionChain chain = chain(own, List.of(new StoreThreads("own", paired)));

        chain.threads().rememberThread(FINGERPRINT, "default", "1712345678.123456");

        assertThat(paired.threads).hasSize(1);
        assertThat(own.threads).isEmpty();
    }
}
