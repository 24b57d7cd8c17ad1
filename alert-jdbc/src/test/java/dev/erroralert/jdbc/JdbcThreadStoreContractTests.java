package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.ThreadStoreContractTests;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thread contract of every store, and on top of it what the JDBC store's separate thread table must add: a
 * thread belongs to one episode of its error (the life of the fingerprint's record), and is purged with the records.
 * Run against each database.
 */
abstract class JdbcThreadStoreContractTests extends ThreadStoreContractTests<JdbcThreadStore> {

    // Long enough that a record counted at the start of a test is live throughout it.
    private static final DedupWindows MINUTES = new DedupWindows(Duration.ofMinutes(1), Duration.ofMinutes(1));

    // Over a millisecond after it began.
    private static final DedupWindows MOMENT = new DedupWindows(Duration.ofMillis(1), Duration.ofMillis(1));

    private static final String FIRST_TS = "1712345678.123456";

    private static final String NEXT_TS = "1712999999.000100";

    /** A DataSource on the test database, as another application instance would have. */
    protected abstract DataSource dataSource();

    /** A store with {@code settings}, closed after the test. */
    protected abstract JdbcDedupStore newStore(JdbcStoreSettings settings);

    // The store whose records each thread store keeps its threads with.
    private final Map<JdbcThreadStore, JdbcDedupStore> recordsOf = new IdentityHashMap<>();

    @Override
    protected JdbcThreadStore newStore() {
        return threadsOf(newRecords());
    }

    @Override
    protected DedupStore recordsOf(JdbcThreadStore store) {
        return recordsOf.get(store);
    }

    private JdbcDedupStore newRecords() {
        return newStore(JdbcDedupStoreH2Tests.CONTRACT_SETTINGS);
    }

    /** The threads beside {@code store}'s records, which {@link #recordsOf} knows. */
    protected JdbcThreadStore threadsOf(JdbcDedupStore store) {
        JdbcThreadStore threads = new JdbcThreadStore(store);
        recordsOf.put(threads, store);
        return threads;
    }

    @Test
    void threadIsReadBackThroughoutTheEpisodeOfItsRecord() {
        JdbcDedupStore store = newRecords();
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), MINUTES);
        threadsOf(store).rememberThread(fingerprint, "default", FIRST_TS);

        store.record(fingerprint, 1, System.currentTimeMillis(), MINUTES);

        assertThat(threadsOf(store).threadOf(fingerprint, "default")).contains(FIRST_TS);
    }

    @Test
    void threadOfAnExpiredRecordIsNotRead() {
        JdbcDedupStore store = newRecords();
        Fingerprint fingerprint = randomFingerprint();
        // Counted a minute ago with a window of a millisecond: long expired.
        store.record(fingerprint, 1, System.currentTimeMillis() - 60_000, MOMENT);

        threadsOf(store).rememberThread(fingerprint, "default", FIRST_TS);

        assertThat(threadsOf(store).threadOf(fingerprint, "default")).isEmpty();
    }

    @Test
    void errorBackAfterItsRecordExpiredDoesNotReplyInTheEarlierEpisodesThread() throws InterruptedException {
        JdbcDedupStore store = newRecords();
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), MOMENT);
        threadsOf(store).rememberThread(fingerprint, "default", FIRST_TS);
        // Past the record's millisecond, and so the next episode begins on a later millisecond than the thread's.
        Thread.sleep(5);

        long previous = store.record(fingerprint, 1, System.currentTimeMillis(), MINUTES).previousCount();

        assertThat(previous).as("a new episode").isZero();
        assertThat(threadsOf(store).threadOf(fingerprint, "default")).isEmpty();
        threadsOf(store).rememberThread(fingerprint, "default", NEXT_TS);
        assertThat(threadsOf(store).threadOf(fingerprint, "default")).as("its own thread").contains(NEXT_TS);
    }

    @Test
    void purgeExpiredRemovesTheThreadsNoLongerReadAndKeepsTheOthers() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // Without a grace for quiet summaries, so the expired record goes at once, as its thread does.
        JdbcStoreSettings settings = JdbcDedupStoreH2Tests.CONTRACT_SETTINGS
                .withTableName("threads_" + suffix + "_state").withQuietGrace(Duration.ZERO);
        new JdbcSchema(dataSource(), settings).create();
        JdbcDedupStore store = newStore(settings);
        long now = System.currentTimeMillis();
        Fingerprint live = randomFingerprint();
        store.record(live, 1, now, MINUTES);
        threadsOf(store).rememberThread(live, "default", FIRST_TS);
        Fingerprint expired = randomFingerprint();
        store.record(expired, 1, now - 60_000, MOMENT);
        threadsOf(store).rememberThread(expired, "default", FIRST_TS);
        Fingerprint withoutRecord = randomFingerprint();
        Fingerprint ofAnEarlierEpisode = randomFingerprint();
        store.record(ofAnEarlierEpisode, 1, now, MINUTES);
        JdbcTemplate database = new JdbcTemplate(dataSource());
        for (Fingerprint fingerprint : new Fingerprint[] { withoutRecord, ofAnEarlierEpisode }) {
            database.update("INSERT INTO " + settings.threadTableName() + " VALUES (?, 'default', ?, ?)",
                    fingerprint.value(), FIRST_TS, now - 120_000);
        }

        int purged = store.purgeExpired(now);

        assertThat(purged).as("records").isEqualTo(1);
        assertThat(database.queryForList("SELECT fingerprint FROM " + settings.threadTableName(), String.class))
                .containsExactly(live.value());
        assertThat(threadsOf(store).threadOf(live, "default")).contains(FIRST_TS);
    }

    private static Fingerprint randomFingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }
}
