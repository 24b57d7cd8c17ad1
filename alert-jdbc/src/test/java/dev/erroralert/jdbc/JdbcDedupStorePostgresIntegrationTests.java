package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.store.DedupStore;
import dev.erroralert.store.DedupStoreContractTests;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcDedupStorePostgresIntegrationTests extends DedupStoreContractTests {

    private final DedupWindows windows = new DedupWindows(Duration.ofSeconds(1), Duration.ofMinutes(1));

    // Closed after each test, stores before the pools they use.
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void createTable() {
        new JdbcSchema(EmbeddedPostgresServer.shared().newDataSource(), JdbcStoreSettings.ofDefaults()).create();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Override
    protected DedupStore newStore() {
        return open(new JdbcDedupStore(pool(EmbeddedPostgresServer.shared()),
                JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
    }

    @Test
    void detectsPostgresql() {
        assertThat(JdbcDialect.detect(EmbeddedPostgresServer.shared().newDataSource()))
                .isEqualTo(JdbcDialect.POSTGRESQL);
    }

    @Test
    void creatingTheSchemaAgainIsHarmless() {
        DataSource dataSource = EmbeddedPostgresServer.shared().newDataSource();
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("created_twice_state");
        JdbcSchema schema = new JdbcSchema(dataSource, settings);
        schema.create();
        JdbcDedupStore store = open(new JdbcDedupStore(dataSource, settings));
        Fingerprint fingerprint = randomFingerprint();
        store.record(fingerprint, 1, System.currentTimeMillis(), windows);

        schema.create();

        assertThat(store.record(fingerprint, 1, System.currentTimeMillis(), windows).previousCount())
                .as("the existing record survived").isEqualTo(1);
        assertThat(new JdbcTemplate(dataSource).queryForList(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'created_twice_state'", String.class))
                .containsExactlyInAnyOrder("created_twice_state_pkey", "created_twice_state_expires_idx");
    }

    @Test
    void countsInASchemaQualifiedTableOfItsOwn() {
        DataSource dataSource = EmbeddedPostgresServer.shared().newDataSource();
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
    void recordThrowsOnceTheDatabaseIsDown() {
        EmbeddedPostgresServer dedicated = open(EmbeddedPostgresServer.startNew());
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

    /** Threads kept in PostgreSQL, each store on a pool of its own. */
    @Nested
    class AsThreadStore extends JdbcThreadStoreContractTests {

        @Override
        protected DataSource dataSource() {
            return EmbeddedPostgresServer.shared().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(EmbeddedPostgresServer.shared()), settings));
        }

        @Test
        void rememberedThreadHoldsOnAPoolThatDoesNotAutoCommit() {
            HikariDataSource pool = pool(EmbeddedPostgresServer.shared());
            pool.setAutoCommit(false);
            JdbcDedupStore store = open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
            Fingerprint fingerprint = countedFingerprint(store);

            store.rememberThread(fingerprint, "default", "1712345678.123456");

            assertThat(newStore().threadOf(fingerprint, "default")).contains("1712345678.123456");
        }
    }

    /** Quiet episodes and the history kept in PostgreSQL, each store on a pool of its own. */
    @Nested
    class WithHistory extends JdbcDedupStoreHistoryContractTests {

        @Override
        protected DataSource dataSource() {
            return EmbeddedPostgresServer.shared().newDataSource();
        }

        @Override
        protected JdbcDedupStore newStore(JdbcStoreSettings settings) {
            return open(new JdbcDedupStore(pool(EmbeddedPostgresServer.shared()), settings));
        }
    }

    /** The contract through a pool that does not auto-commit, as Spring Boot applications with JPA often have. */
    @Nested
    class ThroughAPoolThatDoesNotAutoCommit extends DedupStoreContractTests {

        @Override
        protected DedupStore newStore() {
            HikariDataSource pool = pool(EmbeddedPostgresServer.shared());
            pool.setAutoCommit(false);
            return open(new JdbcDedupStore(pool, JdbcDedupStoreH2Tests.CONTRACT_SETTINGS));
        }
    }

    private HikariDataSource pool(EmbeddedPostgresServer server) {
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
