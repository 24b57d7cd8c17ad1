package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedMariaDbServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The store on a real MariaDB, which stands for MySQL too: the same dialect, scripts and statements. */
class JdbcDedupStoreMariaDbIntegrationTests extends DedupStoreContractTests {

    private final DedupWindows windows = new DedupWindows(Duration.ofSeconds(1), Duration.ofMinutes(1));

    // Closed after each test, stores before the pools they use.
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void createTable() {
        new JdbcSchema(EmbeddedMariaDbServer.shared().newDataSource(), JdbcStoreSettings.ofDefaults()).create();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Override
    protected DedupStore newStore() {
        return open(new JdbcDedupStore(pool(EmbeddedMariaDbServer.shared()),
                JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
    }

    @Test
    void detectsMariaDb() {
        assertThat(JdbcDialect.detect(EmbeddedMariaDbServer.shared().newDataSource())).isEqualTo(JdbcDialect.MARIADB);
    }

    @Test
    void creatingTheSchemaAgainIsHarmless() {
        DataSource dataSource = EmbeddedMariaDbServer.shared().newDataSource();
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("created_twice_state");
        JdbcSchema schema = new JdbcSchema(dataSource, settings);
        schema.create();
        JdbcDedupStore store = open(new JdbcDedupStore(dataSource, settings));
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), windows);

        schema.create();

        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), windows).previousCount())
                .as("the existing record survived").isEqualTo(1);
        assertThat(indexesOf(dataSource, "created_twice_state"))
                .containsExactlyInAnyOrder("PRIMARY", "created_twice_state_expires_idx");
        assertThat(indexesOf(dataSource, "created_twice_thread"))
                .containsExactlyInAnyOrder("PRIMARY", "created_twice_thread_updated_idx");
    }

    @Test
    void countsInASchemaQualifiedTableOfItsOwn() {
        DataSource dataSource = EmbeddedMariaDbServer.shared().newDataSource();
        // A schema is a database in MariaDB and MySQL; CREATE SCHEMA is its synonym.
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
    void alwaysCreatesTheTableInMariaDbOnFirstUse() {
        JdbcDedupStore store = open(new JdbcDedupStore(EmbeddedMariaDbServer.shared().newDataSource(), freshTable(),
                SchemaInitialization.ALWAYS));

        assertThat(store.record(randomFingerprint(), 1, System.currentTimeMillis(), windows).isNew()).isTrue();
    }

    @Test
    void embeddedLeavesMariaDbAlone() {
        JdbcDedupStore store = open(new JdbcDedupStore(EmbeddedMariaDbServer.shared().newDataSource(), freshTable(),
                SchemaInitialization.EMBEDDED));

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> store.record(randomFingerprint(), 1, System.currentTimeMillis(), windows));
    }

    @Test
    void probeAnswersOnMariaDb() {
        JdbcDedupStore store = open(new JdbcDedupStore(EmbeddedMariaDbServer.shared().newDataSource()));

        assertThatNoException().isThrownBy(store::probe);
    }

    @Test
    void recordThrowsOnceTheDatabaseIsDown() {
        EmbeddedMariaDbServer dedicated = open(EmbeddedMariaDbServer.startNew());
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

    /** Threads kept in MariaDB, each store on a pool of its own. */
    @Nested
    class AsThreadStore extends JdbcThreadStoreContractTests {

        @Override
        protected DataSource dataSource() {
            return EmbeddedMariaDbServer.shared().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(EmbeddedMariaDbServer.shared()), settings));
        }

        @Test
        void rememberedThreadHoldsOnAPoolThatDoesNotAutoCommit() {
            HikariDataSource pool = pool(EmbeddedMariaDbServer.shared());
            pool.setAutoCommit(false);
            JdbcDedupStore store = open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
            Fingerprint fingerprint = countedFingerprint(store);

            store.rememberThread(fingerprint, "default", "1712345678.123456");

            assertThat(newStore().threadOf(fingerprint, "default")).contains("1712345678.123456");
        }

        @Test
        void destinationsDifferingInCaseAloneKeepThreadsOfTheirOwn() {
            // The default collations of MariaDB and MySQL ignore case; the script's utf8mb4_bin, like PostgreSQL, not.
            JdbcDedupStore store = newStore();
            Fingerprint fingerprint = countedFingerprint(store);

            store.rememberThread(fingerprint, "alerts", "1712345678.123456");
            store.rememberThread(fingerprint, "ALERTS", "1712999999.000100");

            assertThat(store.threadOf(fingerprint, "alerts")).contains("1712345678.123456");
            assertThat(store.threadOf(fingerprint, "ALERTS")).contains("1712999999.000100");
        }
    }

    /** The contract through a pool that does not auto-commit, as Spring Boot applications with JPA often have. */
    @Nested
    class ThroughAPoolThatDoesNotAutoCommit extends DedupStoreContractTests {

        @Override
        protected DedupStore newStore() {
            HikariDataSource pool = pool(EmbeddedMariaDbServer.shared());
            pool.setAutoCommit(false);
            return open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
        }
    }

    private static List<String> indexesOf(DataSource dataSource, String tableName) {
        return new JdbcTemplate(dataSource).queryForList("SELECT DISTINCT index_name FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = ?", String.class, tableName);
    }

    /** A table name no other test uses, so the table surely does not exist yet. */
    private static JdbcStoreSettings freshTable() {
        return JdbcStoreSettings.ofDefaults().withTableName("state_" + UUID.randomUUID().toString().substring(0, 8));
    }

    private HikariDataSource pool(EmbeddedMariaDbServer server) {
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
