package dev.erroralert.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.testsupport.EmbeddedRedisCluster;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master of an error's slot dies while an application is deciding a burst of that error, and the Cluster promotes
 * its replica, which never ran the store's script (a replica receives a script's writes, not the script).
 * <p>
 * What holds, and is asserted: decisions never stop (the chain falls through to the in-memory guard while the slot
 * has no master); the same store, without being told, finds the promoted replica (its client rereads the topology)
 * and decides there again (after a NOSCRIPT, with EVAL); every occurrence the replica had received before the failure
 * is still counted there, so the error is not "new" again; and on the new master counting is atomic again (each step
 * sees its own count before)
 * and counts nothing twice. What does not hold: replication is asynchronous, so occurrences the old master
 * acknowledged in its last moments may be missing on the new one; how many is logged, not asserted.
 */
// A guard against hanging, not a speed assertion.
@Timeout(120)
class RedisDedupStoreClusterFailoverIntegrationTests {


    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final int SEEDED = 10;

    @Test
    void dedupGoesOnOnThePromotedReplicaWhenTheSlotsMasterDiesDuringABurst() throws Exception {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.startNew();
                RedisDedupStore store = RedisDedupStore.cluster(
                        cluster.nodeUris().stream().map(RedisURI::create).toList(), RedisStoreSettings.ofDefaults())) {
            Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
            String key = RedisKeys.record("error-alert:", fingerprint);
            for (int i = 0; i < SEEDED; i++) {
                store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);
            }
            EmbeddedRedisServer oldMaster = cluster.masterOf(key);
            EmbeddedRedisServer replica = cluster.replicaOf(oldMaster);
            cluster.awaitReplicated(replica);
            List<Boolean> scriptOnTheReplica = cluster.on(replica,
                    (commands) -> commands.scriptExists(RedisDedupStore.DECIDE_SCRIPT.sha()));
            assertThat(scriptOnTheReplica).as("replicas get a script's writes, not the script").containsExactly(false);

            DecisionBurst burst = DecisionBurst.start(store, fingerprint, 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.countedByRedisSince(0) >= 100);
            long stopping = System.nanoTime();
            oldMaster.stop();
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cluster.masterOf(key) == replica);

            // The store learns of the promotion on its own; only that it does, not how soon, is the point here.
            Tally firstOnTheNewMaster = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS), (tally) -> true);
            await().atMost(Duration.ofSeconds(30)).until(() -> burst.countedByRedisSince(stopped) >= 100);
            List<DecisionBurst.Step> steps = burst.stop();
            Tally last = store.record(fingerprint, 1, System.currentTimeMillis(), WINDOWS);

            DecisionBurst.assertFailoverKeptTheCounts("Cluster", steps, SEEDED, stopping, stopped,
                    firstOnTheNewMaster, last);
        }
    }
}
