package dev.erroralert.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.DedupStoreContractTests;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class JdbcDedupStoreH2Tests extends DedupStoreContractTests {

    // Kept open between connections, so every DataSource below reaches the same database.
    static final String URL = "jdbc:h2:mem:jdbc_dedup_store_tests;DB_CLOSE_DELAY=-1";

    // Generous: the racing contract test queues eight threads on one worker per store, on a possibly busy machine.
    static final JdbcStoreSettings CONTRACT_SETTINGS = JdbcStoreSettings.ofDefaults()
            .withTimeout(Duration.ofSeconds(5));

    private final DedupWindows windows = new DedupWindows(Duration.ofSeconds(1), Duration.ofMinutes(1));

    // For the thread tests: a thread is read only while its record lives, which this keeps throughout a test.
    private final DedupWindows minutes = new DedupWindows(Duration.ofMinutes(1), Duration.ofMinutes(1));

    // The stores of the nested contracts, closed after each of their tests.
    private final List<JdbcDedupStore> stores = new ArrayList<>();

    @BeforeAll
    static void createTable() {
        new JdbcSchema(newDataSource(), JdbcStoreSettings.ofDefaults()).create();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcDedupStore::close);
    }

    /** A store with {@code settings} on a DataSource of its own, closed after the test. */
    private JdbcDedupStore openStore(JdbcStoreSettings settings) {
        JdbcDedupStore store = new JdbcDedupStore(newDataSource(), settings);
        stores.add(store);
        return store;
    }

    /** A DataSource of its own, as another application instance on the same database would have. */
    static DataSource newDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(URL);
        return dataSource;
    }

    @Override
    protected DedupStore newStore() {
        return new JdbcDedupStore(newDataSource(), CONTRACT_SETTINGS);
    }

    @Test
    void countsInASchemaQualifiedTableOfItsOwn() {
        DataSource dataSource = newDataSource();
        new JdbcTemplate(dataSource).execute("CREATE SCHEMA IF NOT EXISTS alerts");
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("alerts.dedup_state");
        new JdbcSchema(dataSource, settings).create();
        JdbcDedupStore store = new JdbcDedupStore(dataSource, settings);
        Fingerprint fingerprint = randomFingerprint();

        store.record(fingerprint, 1, System.currentTimeMillis(), windows);
        long previous = store.record(fingerprint, 1, System.currentTimeMillis(), windows).previousCount();

        assertThat(previous).isEqualTo(1);
        assertThat(fingerprintsIn(dataSource, "alerts.dedup_state")).containsExactly(fingerprint.value());
        assertThat(fingerprintsIn(dataSource, JdbcStoreSettings.DEFAULT_TABLE_NAME))
                .doesNotContain(fingerprint.value());
    }

    @Test
    void purgeExpiredDeletesTheExpiredRecordsOnly() {
        DataSource dataSource = newDataSource();
        // Without a grace for quiet summaries, every expired record goes at once.
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("purge_test_state")
                .withQuietGrace(Duration.ZERO);
        new JdbcSchema(dataSource, settings).create();
        JdbcDedupStore store = new JdbcDedupStore(dataSource, settings);
        Fingerprint expiredLongAgo = randomFingerprint();
        Fingerprint expiringNow = randomFingerprint();
        Fingerprint live = randomFingerprint();

        store.record(expiredLongAgo, 1, 1_000, windows);
        store.record(expiringNow, 1, 9_000, windows);
        store.record(live, 2, 1_000, windows);
        int purged = store.purgeExpired(10_000);

        assertThat(purged).isEqualTo(2);
        assertThat(fingerprintsIn(dataSource, "purge_test_state")).containsExactly(live.value());
        assertThat(store.record(live, 1, 10_000, windows).previousCount()).as("the live record kept its count")
                .isEqualTo(2);
    }

    @Test
    void newFingerprintInsertedMeanwhileByAnotherInstanceIsCountedOnTopOfIt() throws Exception {
        JdbcDedupStore store = new JdbcDedupStore(newDataSource(),
                JdbcStoreSettings.ofDefaults().withTimeout(Duration.ofSeconds(10)));
        Fingerprint fingerprint = randomFingerprint();
        long now = System.currentTimeMillis();
        try (Connection otherInstance = newDataSource().getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement insert = otherInstance.prepareStatement(
                    "INSERT INTO error_alert_state (fingerprint, occurrences, first_seen_ms, last_seen_ms,"
                            + " expires_at_ms) VALUES (?, 3, ?, ?, ?)")) {
                insert.setString(1, fingerprint.value());
                insert.setLong(2, now);
                insert.setLong(3, now);
                insert.setLong(4, now + 60_000);
                insert.executeUpdate();
            }

            // The store's step finds no committed row and waits on the other instance's uncommitted key.
            CompletableFuture<Tally> step = CompletableFuture.supplyAsync(
                    () -> store.record(fingerprint, 1, now, windows));
            await().until(() -> new JdbcTemplate(newDataSource()).queryForObject(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID() "
                            + "AND EXECUTING_STATEMENT LIKE '%FINAL TABLE%'", Long.class) > 0);
            otherInstance.commit();

            assertThat(step).succeedsWithin(Duration.ofSeconds(10))
                    .extracting(Tally::previousCount).isEqualTo(3L);
        }
        finally {
            store.close();
        }
    }

    @Test
    void recordThrowsADataAccessExceptionWhenNoConnectionCanBeOpened() {
        JdbcDataSource missingDatabase = new JdbcDataSource();
        missingDatabase.setURL("jdbc:h2:mem:never_created;IFEXISTS=TRUE");
        // The dialect given, so the first thing to need a connection is the step's own transaction.
        JdbcDedupStore store = new JdbcDedupStore(missingDatabase, CONTRACT_SETTINGS.withDialect(JdbcDialect.H2));

        try {
            assertThatExceptionOfType(DataAccessResourceFailureException.class)
                    .isThrownBy(() -> store.record(randomFingerprint(), 1, System.currentTimeMillis(), windows));
        }
        finally {
            store.close();
        }
    }

    @Test
    void purgeThreadsOlderThanDeletesTheOldThreadsOnly() {
        DataSource dataSource = newDataSource();
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("purge_threads_state");
        new JdbcSchema(dataSource, settings).create();
        JdbcDedupStore store = new JdbcDedupStore(dataSource, settings);
        Fingerprint old = randomFingerprint();
        Fingerprint recent = randomFingerprint();
        new JdbcTemplate(dataSource).update("INSERT INTO purge_threads_thread VALUES (?, 'default', '1.000100', 1000)",
                old.value());
        store.record(recent, 1, System.currentTimeMillis(), minutes);
        new JdbcThreadStore(store).rememberThread(recent, "default", "2.000200");

        int purged = new JdbcThreadStore(store).purgeThreadsOlderThan(2_000);

        assertThat(purged).isEqualTo(1);
        assertThat(new JdbcThreadStore(store).threadOf(old, "default")).isEmpty();
        assertThat(new JdbcThreadStore(store).threadOf(recent, "default")).contains("2.000200");
        store.close();
    }

    /** Threads kept in H2, each store on a DataSource of its own. */
    @Nested
    class AsThreadStore extends JdbcThreadStoreContractTests {

        @Override
        protected DataSource dataSource() {
            return JdbcDedupStoreH2Tests.newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return openStore(settings);
        }
    }

    /** Quiet episodes and the history kept in H2, each store on a DataSource of its own. */
    @Nested
    class WithHistory extends JdbcDedupStoreHistoryContractTests {

        @Override
        protected DataSource dataSource() {
            return JdbcDedupStoreH2Tests.newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return openStore(settings);
        }
    }

    /** Reminders of errors still occurring past their cap, claimed in the database. */
    @Nested
    class Reminders extends JdbcBurningErrorsContractTests {

        @Override
        protected DataSource dataSource() {
            return JdbcDedupStoreH2Tests.newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return openStore(settings);
        }
    }

    /** The contract through a pool that does not auto-commit, as Spring Boot applications with JPA often have. */
    @Nested
    class ThroughAPoolThatDoesNotAutoCommit extends DedupStoreContractTests {

        // Closed after each test, stores before the pools they use.
        private final List<AutoCloseable> opened = new ArrayList<>();

        @AfterEach
        void closeWhatTheTestOpened() throws Exception {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        }

        @Override
        protected DedupStore newStore() {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(URL);
            pool.setAutoCommit(false);
            opened.add(pool);
            JdbcDedupStore store = new JdbcDedupStore(pool, CONTRACT_SETTINGS);
            opened.add(store);
            return store;
        }

        @Test
        void rememberedThreadHoldsForGood() {
            JdbcDedupStore store = (JdbcDedupStore) newStore();
            Fingerprint fingerprint = randomFingerprint();
            store.record(fingerprint, 1, System.currentTimeMillis(), minutes);

            new JdbcThreadStore(store).rememberThread(fingerprint, "default", "1712345678.123456");

            try (JdbcDedupStore otherInstance = new JdbcDedupStore(newDataSource(), CONTRACT_SETTINGS)) {
                assertThat(new JdbcThreadStore(otherInstance).threadOf(fingerprint, "default"))
                        .contains("1712345678.123456");
            }
        }

        @Test
        void purgeExpiredDeletesForGood() {
            JdbcDedupStore store = (JdbcDedupStore) newStore();
            Fingerprint expired = randomFingerprint();
            store.record(expired, 1, 1_000, windows);

            store.purgeExpired(System.currentTimeMillis());

            assertThat(fingerprintsIn(newDataSource(), JdbcStoreSettings.DEFAULT_TABLE_NAME))
                    .doesNotContain(expired.value());
        }
    }

    static List<String> fingerprintsIn(DataSource dataSource, String tableName) {
        return new JdbcTemplate(dataSource).queryForList("SELECT fingerprint FROM " + tableName, String.class);
    }
}
