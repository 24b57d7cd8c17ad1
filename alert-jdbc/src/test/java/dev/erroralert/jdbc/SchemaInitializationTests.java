package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The store creates its table on first use, in the databases the setting names, and nowhere else. */
class SchemaInitializationTests {

    private final DedupWindows windows = new DedupWindows(Duration.ofMinutes(1), Duration.ofMinutes(1));

    private static Fingerprint fingerprint() {
        return new Fingerprint(UUID.randomUUID().toString().replace("-", ""));
    }

    /** A table name no other test uses, so the table surely does not exist yet. */
    private static JdbcStoreSettings freshTable() {
        return JdbcStoreSettings.ofDefaults().withTableName("state_" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static DataSource freshH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:schema_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void embeddedCreatesTheTableInH2OnFirstUse() {
        JdbcDedupStore store = new JdbcDedupStore(freshH2(), freshTable(), SchemaInitialization.EMBEDDED);

        assertThat(store.record(fingerprint(), 1, System.currentTimeMillis(), windows).isNew()).isTrue();
        store.close();
    }

    @Test
    void embeddedLeavesPostgresAlone() {
        JdbcDedupStore store = new JdbcDedupStore(EmbeddedPostgresServer.shared().newDataSource(), freshTable(),
                SchemaInitialization.EMBEDDED);

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> store.record(fingerprint(), 1, System.currentTimeMillis(), windows));
        store.close();
    }

    @Test
    void alwaysCreatesTheTableInPostgresOnFirstUse() {
        JdbcDedupStore store = new JdbcDedupStore(EmbeddedPostgresServer.shared().newDataSource(), freshTable(),
                SchemaInitialization.ALWAYS);

        assertThat(store.record(fingerprint(), 1, System.currentTimeMillis(), windows).isNew()).isTrue();
        store.close();
    }

    @Test
    void neverCreatesNothing() {
        JdbcDedupStore store = new JdbcDedupStore(freshH2(), freshTable(), SchemaInitialization.NEVER);

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> store.record(fingerprint(), 1, System.currentTimeMillis(), windows));
        store.close();
    }
}
