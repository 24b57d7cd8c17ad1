package dev.erroralert.jdbc;

import java.time.Duration;
import java.util.UUID;

import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class JdbcDedupStoreProbeTests {

    @Test
    void probeAnswersAndCreatesTheTableWhereConfigured() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:probe_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        // The JVM's first touch of H2 (its classes, the schema script) outlasts the default 500 ms on a loaded machine.
        JdbcDedupStore store = new JdbcDedupStore(h2, JdbcStoreSettings.ofDefaults().withTimeout(Duration.ofSeconds(5)),
                SchemaInitialization.EMBEDDED);

        assertThatNoException().isThrownBy(store::probe);
        assertThatNoException().isThrownBy(() -> new org.springframework.jdbc.core.JdbcTemplate(h2)
                .queryForObject("SELECT count(*) FROM error_alert_state", Integer.class));
        store.close();
    }

    @Test
    void probeAnswersOnPostgres() {
        JdbcDedupStore store = new JdbcDedupStore(EmbeddedPostgresServer.shared().newDataSource());

        assertThatNoException().isThrownBy(store::probe);
        store.close();
    }

    @Test
    void probeThrowsWhenTheDatabaseCannotBeReached() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/nowhere");
        JdbcDedupStore store = new JdbcDedupStore(nowhere,
                JdbcStoreSettings.ofDefaults().withTimeout(Duration.ofSeconds(5)));

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(store::probe);
        store.close();
    }
}
