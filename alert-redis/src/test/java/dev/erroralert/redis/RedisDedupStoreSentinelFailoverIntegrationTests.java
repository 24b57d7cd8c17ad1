package dev.erroralert.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.testsupport.EmbeddedRedisSentinel;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master dies while an application is deciding a burst of one error, and Sentinel promotes the replica.
 * <p>
 * What holds, and is asserted: decisions never stop (the chain falls through to the in-memory guard while there is no
 * master); as soon as the sentinel a client asks first names the new master, the store's very next decision is made
 * there (the promoted replica never ran the store's script: the decision loads it);
 * every occurrence the replica had received before the failure is still counted there, so the error is not "new"
 * again; and on the new master counting is atomic again (each step sees its own count before) and counts nothing
 * twice. What does not hold: replication is asynchronous, so occurrences the old master acknowledged in its last
 * moments may be missing on the new one; how many is logged, not asserted.
 */
// A guard against hanging, not a speed assertion.
@Timeout(120)
class RedisDedupStoreSentinelFailoverIntegrationTests {


    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final int SEEDED = 10;

    @Test
    void dedupGoesOnOnTheNewMasterWhenTheMasterDiesDuringABurst() throws Exception {
        try (EmbeddedRedisSentinel sentinel = EmbeddedRedisSentinel.startNew();
                RedisDedupStore store = RedisDedupStore.sentinel(RedisURI.create(sentinel.uri()),
                        RedisStoreSettings.ofDefaults())) {
            Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
            for (int i = 0; i < SEEDED; i++) {
                store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
            }
            sentinel.awaitReplicated();
            EmbeddedRedisServer oldMaster = sentinel.master();
            EmbeddedRedisServer replica = sentinel.servers().stream().filter((server) -> server != oldMaster)
                    .findFirst().orElseThrow();
            List<Boolean> scriptOnTheReplica = sentinel.on(replica,
                    (commands) -> commands.scriptExists(RedisDedupStore.DECIDE_SCRIPT.sha()));
            assertThat(scriptOnTheReplica).as("replicas get a script's writes, not the script").containsExactly(false);

            DecisionBurst burst = DecisionBurst.start(store, fingerprint, 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.countedByRedisSince(0) >= 100);
            long stopping = System.nanoTime();
            oldMaster.stop();
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> sentinel.master() != oldMaster);

            // The first decision once the sentinel a client asks first names the new master: made there, at once
            // (it would throw otherwise), after a NOSCRIPT, with EVAL.
            Tally firstOnTheNewMaster = store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
            assertThat(sentinel.master()).isSameAs(replica);
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.countedByRedisSince(stopped) >= 100);
            List<DecisionBurst.Step> steps = burst.stop();
            Tally last = store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

            DecisionBurst.assertFailoverKeptTheCounts("Sentinel", steps, SEEDED, stopping, stopped,
                    firstOnTheNewMaster, last);
        }
    }
}
