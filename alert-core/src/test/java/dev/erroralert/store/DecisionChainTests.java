package dev.erroralert.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.AlertPolicy;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecisionChainTests {

    private static final Fingerprint FINGERPRINT = new Fingerprint("0123456789abcdef0123456789abcdef");

    /** A store in front of an in-memory one that can be switched off, counting how often it is asked. */
    static final class SwitchableStore implements DedupStore {
        final String name;
        final InMemoryDedupStore state = new InMemoryDedupStore();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        SwitchableStore(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Tally record(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            calls.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException(name + " is down");
            }
            Tally tally = state.record(fingerprint, delta, nowMillis, windows);
            return new Tally(tally.previousCount(), tally.count(), tally.firstSeenMillis(), name);
        }

        @Override
        public void probe() {
            if (down.get()) {
                throw new IllegalStateException(name + " is down");
            }
        }
    }

    private final SwitchableStore redis = new SwitchableStore("redis");
    private final SwitchableStore jdbc = new SwitchableStore("jdbc");

    private DecisionChain chain(Duration coolDown, boolean guard) {
        return new DecisionChain(List.of(redis, jdbc), SeedAlertPolicy.ofDefaults(),
                guard ? new InMemoryDedupStore() : null, coolDown);
    }

    @Test
    void theFirstStoreDecidesWhileItAnswers() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);

        Decision decision = chain.decide(FINGERPRINT, 1, 0);

        assertThat(decision.tally().countedBy()).isEqualTo("redis");
        assertThat(jdbc.calls).hasValue(0);
    }

    @Test
    void aFailingStoreIsSkippedAndTheNextDecides() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);
        redis.down.set(true);

        Decision decision = chain.decide(FINGERPRINT, 1, 0);

        assertThat(decision.tally().countedBy()).isEqualTo("jdbc");
        assertThat(decision).isInstanceOf(Decision.Send.class);
    }

    @Test
    void aFailedStoreIsNotAskedAgainDuringItsCoolDown() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);
        redis.down.set(true);

        for (int i = 0; i < 10; i++) {
            chain.decide(FINGERPRINT, 1, i);
        }

        assertThat(redis.calls).as("asked once, then skipped").hasValue(1);
        assertThat(jdbc.calls).hasValue(10);
        assertThat(chain.storeStates().get(0)).isEqualTo(new DecisionChain.StoreState("redis", "OPEN", 10));
    }

    @Test
    void aRecoveredStoreIsProbedAfterTheCoolDownAndUsedAgain() throws InterruptedException {
        DecisionChain chain = chain(Duration.ofMillis(200), true);
        redis.down.set(true);
        chain.decide(FINGERPRINT, 1, 0);
        redis.down.set(false);

        assertThat(chain.decide(FINGERPRINT, 1, 1).tally().countedBy()).as("still cooling down").isEqualTo("jdbc");
        Thread.sleep(400);

        assertThat(chain.decide(FINGERPRINT, 1, 2).tally().countedBy()).isEqualTo("redis");
        assertThat(chain.storeStates().get(0).circuit()).isEqualTo("CLOSED");
    }

    @Test
    void aFailedProbeKeepsTheStoreSkipped() throws InterruptedException {
        DecisionChain chain = chain(Duration.ofMillis(200), true);
        redis.down.set(true);
        chain.decide(FINGERPRINT, 1, 0);
        Thread.sleep(400);

        assertThat(chain.decide(FINGERPRINT, 1, 1).tally().countedBy()).isEqualTo("jdbc");
        chain.decide(FINGERPRINT, 1, 2);

        assertThat(redis.calls).as("one call, one probe").hasValue(2);
    }

    @Test
    void aProbeOfAStoreThatStoppedAnsweringOpensItsCircuitSoDecisionsSkipIt() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);
        redis.down.set(true);

        DecisionChain.StoreProbe probe = chain.probe("redis");

        assertThat(probe.failure()).hasMessage("redis is down");
        assertThat(probe.circuit()).isEqualTo("OPEN");
        assertThat(probe.isAvailable()).isFalse();
        assertThat(chain.decide(FINGERPRINT, 1, 0).tally().countedBy()).isEqualTo("jdbc");
        assertThat(redis.calls).as("not asked: its circuit is open").hasValue(0);
    }

    @Test
    void aProbeDuringTheCoolDownFindsTheStoreAnsweringButLeavesItsCircuitOpen() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);
        redis.down.set(true);
        chain.decide(FINGERPRINT, 1, 0);
        redis.down.set(false);

        DecisionChain.StoreProbe probe = chain.probe("redis");

        assertThat(probe.failure()).isNull();
        assertThat(probe.circuit()).isEqualTo("OPEN");
        assertThat(probe.isAvailable()).as("the chain still skips it").isFalse();
        assertThat(probe.fallThroughs()).isEqualTo(1);
    }

    @Test
    void aProbeAfterTheCoolDownClosesTheCircuitOfAStoreThatAnswersAgain() throws InterruptedException {
        DecisionChain chain = chain(Duration.ofMillis(200), true);
        redis.down.set(true);
        chain.decide(FINGERPRINT, 1, 0);
        redis.down.set(false);
        Thread.sleep(400);

        DecisionChain.StoreProbe probe = chain.probe("redis");

        assertThat(probe.circuit()).isEqualTo("CLOSED");
        assertThat(probe.isAvailable()).isTrue();
        assertThat(chain.decide(FINGERPRINT, 1, 1).tally().countedBy()).isEqualTo("redis");
    }

    @Test
    void probingAStoreTheChainDoesNotHaveFails() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);

        assertThatIllegalArgumentException().isThrownBy(() -> chain.probe("mongo")).withMessageContaining("mongo");
    }

    @Test
    void withEveryStoreDownTheGuardedDirectLinkAppliesTheSameRule() {
        DecisionChain chain = chain(Duration.ofSeconds(30), true);
        redis.down.set(true);
        jdbc.down.set(true);

        List<Decision> decisions = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> chain.decide(FINGERPRINT, 1, i)).toList();

        assertThat(decisions).filteredOn(d -> d instanceof Decision.Send).hasSize(6);
        assertThat(decisions.get(0).tally().countedBy()).isEqualTo("memory");
        assertThat(chain.directDecisions()).isEqualTo(10);
    }

    @Test
    void withoutTheGuardTheDirectLinkSendsEveryOccurrence() {
        DecisionChain chain = chain(Duration.ofSeconds(30), false);
        redis.down.set(true);
        jdbc.down.set(true);

        List<Decision> decisions = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> chain.decide(FINGERPRINT, 1, i)).toList();

        assertThat(decisions).allMatch(d -> d instanceof Decision.Send);
        assertThat(decisions.get(0).tally().countedBy()).isEqualTo(DecisionChain.DIRECT);
    }

    @Test
    void aBrokenPolicyStillSends() {
        AlertPolicy broken = new AlertPolicy() {
            @Override
            public DedupWindows windows() {
                return SeedAlertPolicy.ofDefaults().windows();
            }

            @Override
            public Decision decide(Tally tally) {
                throw new IllegalStateException("bug in a custom policy");
            }
        };
        DecisionChain chain = new DecisionChain(List.of(redis), broken, null, Duration.ofSeconds(1));

        assertThat(chain.decide(FINGERPRINT, 1, 0)).isInstanceOf(Decision.Send.class);
    }
}
