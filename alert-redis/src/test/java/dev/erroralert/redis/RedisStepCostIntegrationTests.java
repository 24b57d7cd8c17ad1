package dev.erroralert.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.AlertedStep;
import dev.erroralert.store.CountDelta;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one step costs Redis, counted by {@code INFO commandstats} (which counts the commands a script runs): every
 * entry's first times and details are written once, when the entry is created, and a repeat whose caller knows the
 * record reads nothing it was told; the details of the first step still reach the history's pending counts and the
 * episode.
 */
class RedisStepCostIntegrationTests {

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "gateway: down | 12:30", "com.example.OrderService#place", "shop", "prod");
    private static final long T0 = 1_700_000_000_000L;

    private EmbeddedRedisServer redis;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> admin;
    private RedisDedupStore store;
    private final Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));

    @BeforeEach
    void start() {
        redis = EmbeddedRedisServer.startNew();
        adminClient = RedisClient.create(redis.uri());
        adminConnection = adminClient.connect();
        admin = adminConnection.sync();
        // As the starter sets it up with a database: the history's write-back and quiet summaries on.
        store = new RedisDedupStore(RedisURI.create(redis.uri()),
                RedisStoreSettings.ofDefaults().withWriteBack(true).withQuietEpisodes(true));
        // Each script's first call loads it (a NOSCRIPT miss, then EVAL): made here, on another error, not counted.
        Fingerprint other = new Fingerprint("f".repeat(32));
        Tally tally = store.record(other, 1, T0, WINDOWS, DETAILS);
        store.recordAll(List.of(new CountDelta(other, 1, null, 0, List.of(tally))), T0, WINDOWS);
        store.recordAlerted(other, tally, T0);
        store.recordAlertedAll(List.of(new AlertedStep(other, tally)), T0);
    }

    @AfterEach
    void stop() {
        store.close();
        adminConnection.close();
        adminClient.shutdown();
        redis.close();
    }

    @Test
    void aNewErrorsStepWritesTheRecordThePendingCountsAndTheEpisodeOnceEach() {
        admin.configResetstat();

        store.record(fingerprint, 1, T0, WINDOWS, DETAILS);

        assertThat(commandsInScripts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("hincrby", 2L, "hset", 3L, "pexpire", 1L, "zadd", 1L));
    }

    @Test
    void aRepeatWhoseCallerKnowsTheRecordAndSendsNoDetailsRunsSevenCommandsAndKeepsTheFirstDetails() {
        store.record(fingerprint, 1, T0, WINDOWS, DETAILS);
        admin.configResetstat();

        Tally tally = store.recordAll(List.of(new CountDelta(fingerprint, 4, null, T0)), T0 + 1_000, WINDOWS).get(0);

        assertThat(commandsInScripts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("hincrby", 2L, "hget", 1L, "hset", 2L, "pexpire", 1L, "zadd", 1L));
        assertThat(tally).isEqualTo(new Tally(1, 5, T0, "redis"));
        String encoded = DetailsCodec.encode(DETAILS);
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "pending"), fingerprint.value() + ":details"))
                .isEqualTo(encoded);
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "episodes"),
                fingerprint.value() + ":details")).isEqualTo(encoded);
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "pending"), fingerprint.value() + ":n"))
                .isEqualTo("5");
    }

    @Test
    void aFirstTheCallerWronglyExpectsIsNotTrusted() {
        store.record(fingerprint, 1, T0, WINDOWS, DETAILS);

        Tally expectedTooLate = store.recordAll(List.of(new CountDelta(fingerprint, 1, null, T0 + 500)), T0 + 1_000,
                WINDOWS).get(0);
        Tally notExpected = store.record(fingerprint, 1, T0 + 2_000, WINDOWS, null);

        assertThat(expectedTooLate).isEqualTo(new Tally(1, 2, T0, "redis"));
        assertThat(notExpected).isEqualTo(new Tally(2, 3, T0, "redis"));
    }

    @Test
    void anEpisodeTakenWhileItsRecordLivesBeginsAgainWithTheDetailsSentThen() {
        store.record(fingerprint, 1, T0, WINDOWS, DETAILS);
        String episodes = RedisKeys.bucket("error-alert:", fingerprint, "episodes");
        admin.hdel(episodes, fingerprint.value() + ":first", fingerprint.value() + ":details");

        store.recordAll(List.of(new CountDelta(fingerprint, 1, DETAILS, T0)), T0 + 1_000, WINDOWS);

        assertThat(admin.hget(episodes, fingerprint.value() + ":first")).isEqualTo(Long.toString(T0));
        assertThat(admin.hget(episodes, fingerprint.value() + ":details")).isEqualTo(DetailsCodec.encode(DETAILS));
        assertThat(admin.hget(episodes, fingerprint.value() + ":alerted")).isEqualTo("0");
    }

    @Test
    void anErrorsFirstAlertNoteRunsFiveCommandsAndLaterOnesFour() {
        Tally first = store.record(fingerprint, 1, T0, WINDOWS, DETAILS);
        Tally second = store.record(fingerprint, 1, T0 + 1_000, WINDOWS, null);
        admin.configResetstat();

        store.recordAlerted(fingerprint, first, T0);
        long firstNote = commandsInScripts().values().stream().mapToLong(Long::longValue).sum();
        admin.configResetstat();
        store.recordAlerted(fingerprint, second, T0 + 1_000);
        long secondNote = commandsInScripts().values().stream().mapToLong(Long::longValue).sum();

        assertThat(firstNote).isEqualTo(5);
        assertThat(secondNote).isEqualTo(4);
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "episodes"),
                fingerprint.value() + ":alerted")).isEqualTo("2");
    }

    @Test
    void anAlertNotedWithTheErrorsNextStepCostsThatStepThreeCommandsAndCountsAsANoteOfItsOwn() {
        Tally first = store.record(fingerprint, 1, T0, WINDOWS, DETAILS);
        admin.configResetstat();

        Tally next = store.recordAll(List.of(new CountDelta(fingerprint, 4, null, T0, List.of(first))), T0 + 1_000,
                WINDOWS).get(0);

        assertThat(scriptCalls()).isEqualTo(1);
        // The repeat's seven commands (see above), and three for the note rather than a call of five.
        assertThat(commandsInScripts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("hincrby", 5L, "hget", 1L, "hset", 2L, "pexpire", 1L, "zadd", 1L));
        assertThat(next).isEqualTo(new Tally(1, 5, T0, "redis"));
        String pending = RedisKeys.bucket("error-alert:", fingerprint, "pending");
        assertThat(admin.hget(pending, fingerprint.value() + ":sent")).isEqualTo("1");
        assertThat(admin.hget(pending, fingerprint.value() + ":alerted")).isEqualTo("1");
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "episodes"),
                fingerprint.value() + ":alerted")).isEqualTo("1");
    }

    @Test
    void anAlertOfAnEpisodeThatEndedIsNotCountedInTheEpisodeTheNextStepBegins() {
        Tally ofAnEndedEpisode = new Tally(0, 1, T0 - 3_600_000, "redis");
        Tally ofAnotherStore = new Tally(0, 1, T0, "jdbc");

        store.recordAll(List.of(new CountDelta(fingerprint, 1, DETAILS, 0,
                List.of(ofAnEndedEpisode, ofAnotherStore))), T0, WINDOWS);

        String pending = RedisKeys.bucket("error-alert:", fingerprint, "pending");
        // The history counts the alert this store counted the step of; the other store's is not this one's to note.
        assertThat(admin.hget(pending, fingerprint.value() + ":sent")).isEqualTo("1");
        assertThat(admin.hget(RedisKeys.bucket("error-alert:", fingerprint, "episodes"),
                fingerprint.value() + ":alerted")).isEqualTo("0");
    }

    @Test
    void theAlertsOfARoundAreNotedInOneScriptCallPerBucket() {
        List<AlertedStep> steps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Fingerprint sameBucket = new Fingerprint("a" + UUID.randomUUID().toString().replace("-", "").substring(1));
            steps.add(new AlertedStep(sameBucket, store.record(sameBucket, 1, T0, WINDOWS, DETAILS)));
        }
        steps.add(new AlertedStep(fingerprint, store.record(fingerprint, 2, T0, WINDOWS, DETAILS)));
        long buckets = steps.stream().map((step) -> step.fingerprint().value().charAt(0)).distinct().count();
        admin.configResetstat();

        store.recordAlertedAll(steps, T0 + 10);

        assertThat(scriptCalls()).isEqualTo(buckets);
        for (AlertedStep step : steps) {
            String fp = step.fingerprint().value();
            assertThat(admin.hget(RedisKeys.bucket("error-alert:", step.fingerprint(), "episodes"), fp + ":alerted"))
                    .isEqualTo(Long.toString(step.tally().delta()));
            assertThat(admin.hget(RedisKeys.bucket("error-alert:", step.fingerprint(), "pending"), fp + ":sent"))
                    .isEqualTo("1");
        }
    }

    private long scriptCalls() {
        Map<String, Long> calls = CommandStats.callsByCommand(admin.info("commandstats"));
        return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
    }

    /** The commands counted since the reset, but the script calls themselves and the reading of the counts. */
    private Map<String, Long> commandsInScripts() {
        Map<String, Long> calls = CommandStats.callsByCommand(admin.info("commandstats"));
        calls.keySet().removeAll(List.of("evalsha", "eval", "info", "config|resetstat", "config"));
        return calls;
    }
}
