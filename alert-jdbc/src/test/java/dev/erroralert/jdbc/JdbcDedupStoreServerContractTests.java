package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import dev.erroralert.store.CountDelta;
import dev.erroralert.store.DedupStore;
import dev.erroralert.testsupport.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedDatabaseServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The store on a real database server, written once and run against each one the store supports: the contract
 * (directly and through a pool that does not auto-commit), the threads, detection, schema creation and a database
 * that goes down. Every store has a pool of its own, as separate application instances would.
 */
abstract class JdbcDedupStoreServerContractTests extends DedupStoreContractTests {

    private final DedupWindows windows = new DedupWindows(Duration.ofSeconds(1), Duration.ofMinutes(1));

    // Closed after each test, stores before the pools they use.
    private final List<AutoCloseable> opened = new ArrayList<>();

    private final Supplier<? extends EmbeddedDatabaseServer> sharedServer;

    /** Tests on the server {@code sharedServer} gives, and on others of its kind for the tests that stop one. */
    protected JdbcDedupStoreServerContractTests(Supplier<? extends EmbeddedDatabaseServer> sharedServer) {
        this.sharedServer = sharedServer;
    }

    /** The dialect the server's product name stands for. */
    protected abstract JdbcDialect dialect();

    /** The names of the indexes of {@code tableName}, a table of the test database, its primary key's included. */
    protected abstract List<String> indexesOf(JdbcTemplate jdbc, String tableName);

    /** The name the database gives the index of the primary key of {@code tableName}. */
    protected abstract String primaryKeyIndexOf(String tableName);

    @BeforeEach
    void createTable() {
        new JdbcSchema(server().newDataSource(), JdbcStoreSettings.ofDefaults()).create();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Override
    protected DedupStore newStore() {
        return open(new JdbcDedupStore(pool(server()), JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
    }

    @Test
    void aBatchOfErrorsIsOneStatementBatchOfCountsOneReadBackAndOneBatchOfHistory() {
        StatementRecordingDataSource recording = new StatementRecordingDataSource(pool(server()));
        JdbcDedupStore store = open(new JdbcDedupStore(recording, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
        store.probe();
        List<CountDelta> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(new CountDelta(randomFingerprint(), i + 1, null));
        }
        recording.statements.clear();

        List<Tally> tallies = store.recordAll(batch, System.currentTimeMillis(), windows);

        assertThat(tallies).extracting(Tally::count).containsExactlyElementsOf(
                batch.stream().map(CountDelta::delta).toList());
        assertThat(recording.statements).as("statements prepared for 40 errors").hasSize(3);
        assertThat(recording.statements.get(0)).contains("INSERT INTO " + JdbcStoreSettings.DEFAULT_TABLE_NAME);
        assertThat(recording.statements.get(1)).startsWith("SELECT");
        assertThat(recording.statements.get(2)).contains(JdbcStoreSettings.ofDefaults().historyTableName());
    }

    @Test
    void detectsTheDialect() {
        assertThat(JdbcDialect.detect(server().newDataSource())).isEqualTo(dialect());
    }

    @Test
    void creatingTheSchemaAgainIsHarmless() {
        DataSource dataSource = server().newDataSource();
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("created_twice_state");
        JdbcSchema schema = new JdbcSchema(dataSource, settings);
        schema.create();
        JdbcDedupStore store = open(new JdbcDedupStore(dataSource, settings));
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), windows);

        schema.create();

        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), windows).previousCount())
                .as("the existing record survived").isEqualTo(1);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(indexesOf(jdbc, "created_twice_state"))
                .containsExactlyInAnyOrder(primaryKeyIndexOf("created_twice_state"), "created_twice_state_expires_idx");
        assertThat(indexesOf(jdbc, "created_twice_thread"))
                .containsExactlyInAnyOrder(primaryKeyIndexOf("created_twice_thread"), "created_twice_thread_updated_idx");
    }

    @Test
    void countsInASchemaQualifiedTableOfItsOwn() {
        DataSource dataSource = server().newDataSource();
        // In MariaDB and MySQL a schema is a database, and CREATE SCHEMA a synonym of CREATE DATABASE.
        new JdbcTemplate(dataSource).execute("CREATE SCHEMA IF NOT EXISTS alerts");
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("alerts.dedup_state");
        new JdbcSchema(dataSource, settings).create();
        JdbcDedupStore store = open(new JdbcDedupStore(dataSource, settings));
        Fingerprint fingerprint = randomFingerprint();

        store.record(fingerprint, 1, System.currentTimeMillis(), windows);
        long previous = store.record(fingerprint, 1, System.currentTimeMillis(), windows).previousCount();

        assertThat(previous).isEqualTo(1);
        assertThat(JdbcDedupStoreH2Tests.fingerprintsIn(dataSource, "alerts.dedup_state"))
                .containsExactly(fingerprint.value());
        assertThat(JdbcDedupStoreH2Tests.fingerprintsIn(dataSource, JdbcStoreSettings.DEFAULT_TABLE_NAME))
                .doesNotContain(fingerprint.value());
    }

    @Test
    void alwaysCreatesTheTableOnFirstUse() {
        JdbcDedupStore store = open(new JdbcDedupStore(server().newDataSource(), freshTable(),
                SchemaInitialization.ALWAYS));

        assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), windows).isNew()).isTrue();
    }

    @Test
    void embeddedLeavesTheDatabaseAlone() {
        JdbcDedupStore store = open(new JdbcDedupStore(server().newDataSource(), freshTable(),
                SchemaInitialization.EMBEDDED));

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> store.record(randomFingerprint(), 1, System.currentTimeMillis(), windows));
    }

    @Test
    void probeAnswers() {
        JdbcDedupStore store = open(new JdbcDedupStore(server().newDataSource()));

        assertThatNoException().isThrownBy(store::probe);
    }

    @Test
    void recordThrowsOnceTheDatabaseIsDown() {
        EmbeddedDatabaseServer dedicated = open(sharedServer.get().startAnother());
        HikariDataSource pool = pool(dedicated);
        new JdbcSchema(pool, JdbcStoreSettings.ofDefaults()).create();
        JdbcDedupStore store = open(new JdbcDedupStore(pool));
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), windows);

        dedicated.close();

        // The pooled connection is dead and new ones are refused: a failed statement or the store's own timeout
        // while the pool keeps trying; either way the caller gets an exception, never a hang or a made-up count.
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThatExceptionOfType(DataAccessException.class)
                    .as("attempt %d", attempt)
                    .isThrownBy(() -> store.record(fingerprint, 1, System.currentTimeMillis(), windows));
        }
    }

    /** Threads kept in the database, each store on a pool of its own. */
    @Nested
    class AsThreadStore extends JdbcThreadStoreContractTests {

        @Override
        protected DataSource dataSource() {
            return server().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(server()), settings));
        }

        @Test
        void rememberedThreadHoldsOnAPoolThatDoesNotAutoCommit() {
            HikariDataSource pool = pool(server());
            pool.setAutoCommit(false);
            JdbcThreadStore store = threadsOf(open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS)));
            Fingerprint fingerprint = countedFingerprint(store);

            store.rememberThread(fingerprint, "default", "1712345678.123456");

            assertThat(newStore().threadOf(fingerprint, "default")).contains("1712345678.123456");
        }

        @Test
        void destinationsDifferingInCaseAloneKeepThreadsOfTheirOwn() {
            // The default collations of MariaDB and MySQL ignore case; the scripts' do not, as PostgreSQL's.
            JdbcThreadStore store = newStore();
            Fingerprint fingerprint = countedFingerprint(store);

            store.rememberThread(fingerprint, "alerts", "1712345678.123456");
            store.rememberThread(fingerprint, "ALERTS", "1712999999.000100");

            assertThat(store.threadOf(fingerprint, "alerts")).contains("1712345678.123456");
            assertThat(store.threadOf(fingerprint, "ALERTS")).contains("1712999999.000100");
        }
    }

    /** Quiet episodes and the history kept in the database, each store on a pool of its own. */
    @Nested
    class WithHistory extends JdbcDedupStoreHistoryContractTests {

        @Override
        protected DataSource dataSource() {
            return server().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(server()), settings));
        }
    }

    /** Reminders of errors still occurring past their cap, claimed in the database. */
    @Nested
    class Reminders extends JdbcBurningErrorsContractTests {

        @Override
        protected DataSource dataSource() {
            return server().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(server()), settings));
        }
    }

    /** The contract through a pool that does not auto-commit, as Spring Boot applications with JPA often have. */
    @Nested
    class ThroughAPoolThatDoesNotAutoCommit extends DedupStoreContractTests {

        @Override
        protected DedupStore newStore() {
            HikariDataSource pool = pool(server());
            pool.setAutoCommit(false);
            return open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
        }
    }

    private EmbeddedDatabaseServer server() {
        return sharedServer.get();
    }

    /** A table name no other test uses, so the table surely does not exist yet. */
    private static JdbcStoreSettings freshTable() {
        return JdbcStoreSettings.ofDefaults().withTableName("state_" + UUID.randomUUID().toString().substring(0, 8));
    }

    private HikariDataSource pool(EmbeddedDatabaseServer server) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setMaximumPoolSize(2);
        return open(pool);
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }
}
