package dev.erroralert.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.SeedAlertPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The chain's threads ({@link DecisionChain#threads()}): each {@link StoreThreads} paired with its store's circuit,
 * asked in chain order.
 */
class ChainThreadsTests {

    private static final Fingerprint FINGERPRINT = new Fingerprint("0123456789abcdef0123456789abcdef");

    private static final String SLACK_TS = "1712345678.123456";

    /** Threads in a map that can be switched off, counting how often they are asked. */
    static final class SwitchableThreads implements ThreadStore {
        final Map<String, String> threads = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Optional<String> threadOf(Fingerprint fingerprint, String destination) {
            answerOrFail();
            return Optional.ofNullable(threads.get(destination + "/" + fingerprint.value()));
        }

        @Override
        public void rememberThread(Fingerprint fingerprint, String destination, String thread) {
            answerOrFail();
            threads.put(destination + "/" + fingerprint.value(), thread);
        }

        private void answerOrFail() {
            calls.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("threads are down");
            }
        }
    }

    private final DecisionChainTests.SwitchableStore redis = new DecisionChainTests.SwitchableStore("redis");
    private final DecisionChainTests.SwitchableStore jdbc = new DecisionChainTests.SwitchableStore("jdbc");
    private final SwitchableThreads redisThreads = new SwitchableThreads();
    private final SwitchableThreads jdbcThreads = new SwitchableThreads();

    private DecisionChain chain(List<StoreThreads> threads) {
        return new DecisionChain(List.of(redis, jdbc), threads, SeedAlertPolicy.ofDefaults(), null,
                Duration.ofMinutes(10));
    }

    private DecisionChain chainWithBothThreads() {
        return chain(List.of(new StoreThreads("redis", redisThreads), new StoreThreads("jdbc", jdbcThreads)));
    }

    @Test
    void theFirstStoreInChainOrderAnswersEvenWhenTheThreadsAreListedTheOtherWayRound() {
        redisThreads.threads.put("alerts/" + FINGERPRINT.value(), SLACK_TS);
        jdbcThreads.threads.put("alerts/" + FINGERPRINT.value(), "1700000000.000001");
        DecisionChain chain = chain(List.of(new StoreThreads("jdbc", jdbcThreads),
                new StoreThreads("redis", redisThreads)));

        assertThat(chain.threads().threadOf(FINGERPRINT, "alerts")).contains(SLACK_TS);
        assertThat(jdbcThreads.calls).hasValue(0);
    }

    @Test
    void aStoreThatAnswersWithoutAThreadIsTheAnswerAndTheNextIsNotAsked() {
        jdbcThreads.threads.put("alerts/" + FINGERPRINT.value(), SLACK_TS);

        assertThat(chainWithBothThreads().threads().threadOf(FINGERPRINT, "alerts")).isEmpty();
        assertThat(jdbcThreads.calls).hasValue(0);
    }

    @Test
    void threadsOfAStoreWhoseCircuitIsOpenAreSkippedUnasked() {
        jdbcThreads.threads.put("alerts/" + FINGERPRINT.value(), SLACK_TS);
        DecisionChain chain = chainWithBothThreads();
        redis.down.set(true);
        chain.decide(FINGERPRINT, 1, 0);
        redis.down.set(false);

        assertThat(chain.threads().threadOf(FINGERPRINT, "alerts")).contains(SLACK_TS);
        assertThat(redisThreads.calls).as("the circuit of the redis store refused the call").hasValue(0);
    }

    @Test
    void threadsThatFailAreSkippedAndOpenTheirStoresCircuit() {
        jdbcThreads.threads.put("alerts/" + FINGERPRINT.value(), SLACK_TS);
        DecisionChain chain = chainWithBothThreads();
        redisThreads.down.set(true);

        assertThat(chain.threads().threadOf(FINGERPRINT, "alerts")).contains(SLACK_TS);
        assertThat(chain.storeStates().get(0).circuit()).isEqualTo("OPEN");
        assertThat(chain.decide(FINGERPRINT, 1, 0).tally().countedBy())
                .as("one backend down is skipped for both roles").isEqualTo("jdbc");
        assertThat(redis.calls).hasValue(0);
    }

    @Test
    void threadsKeptOnlyWithTheSecondStoreAreAnsweredByIt() {
        jdbcThreads.threads.put("alerts/" + FINGERPRINT.value(), SLACK_TS);
        DecisionChain chain = chain(List.of(new StoreThreads("jdbc", jdbcThreads)));

        assertThat(chain.threads().threadOf(FINGERPRINT, "alerts")).contains(SLACK_TS);
    }

    @Test
    void noStoreThatCanAnswerIsAnErrorNotAMissingThread() {
        redisThreads.down.set(true);
        jdbcThreads.down.set(true);
        DecisionChain chain = chainWithBothThreads();

        assertThatIllegalStateException().isThrownBy(() -> chain.threads().threadOf(FINGERPRINT, "alerts"));
    }

    @Test
    void aChainWithoutThreadsCannotAnswer() {
        DecisionChain chain = chain(List.of());

        assertThatIllegalStateException().isThrownBy(() -> chain.threads().threadOf(FINGERPRINT, "alerts"));
    }

    @Test
    void aThreadIsRememberedInTheFirstStoreThatAnswersOnly() {
        chainWithBothThreads().threads().rememberThread(FINGERPRINT, "alerts", SLACK_TS);

        assertThat(redisThreads.threads).containsEntry("alerts/" + FINGERPRINT.value(), SLACK_TS);
        assertThat(jdbcThreads.threads).isEmpty();
        assertThat(jdbcThreads.calls).hasValue(0);
    }

    @Test
    void aThreadTheFirstStoreCannotKeepIsRememberedInTheNext() {
        redisThreads.down.set(true);

        chainWithBothThreads().threads().rememberThread(FINGERPRINT, "alerts", SLACK_TS);

        assertThat(redisThreads.threads).isEmpty();
        assertThat(jdbcThreads.threads).containsEntry("alerts/" + FINGERPRINT.value(), SLACK_TS);
    }

    @Test
    void aThreadNoStoreCanKeepIsDroppedQuietly() {
        redisThreads.down.set(true);
        jdbcThreads.down.set(true);
        DecisionChain chain = chainWithBothThreads();

        assertThatNoException().isThrownBy(() -> chain.threads().rememberThread(FINGERPRINT, "alerts", SLACK_TS));
        assertThat(redisThreads.calls).hasValue(1);
        assertThat(jdbcThreads.calls).hasValue(1);
    }

    @Test
    void threadsKeptWithAStoreThatIsNotInTheChainAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> chain(List.of(new StoreThreads("mongo", redisThreads))))
                .withMessageContaining("not in the chain");
    }
}
