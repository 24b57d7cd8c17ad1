package dev.erroralert.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.delivery.Message;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcOutboxPostgresIntegrationTests extends JdbcOutboxContractTests {

    private final Message message = new Message("default", "{}", "an alert", 1);

    @Override
    protected DataSource newDataSource() {
        return EmbeddedPostgresServer.shared().newDataSource();
    }

    @Override
    protected String jdbcUrl() {
        return EmbeddedPostgresServer.shared().jdbcUrl();
    }

    @Override
    protected long sessionsWaitingForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                Long.class);
    }

    @Test
    void parkThrowsOnceTheDatabaseIsStopped() {
        EmbeddedPostgresServer dedicated = open(EmbeddedPostgresServer.startNew());
        HikariDataSource pool = open(new HikariDataSource());
        pool.setJdbcUrl(dedicated.jdbcUrl());
        pool.setConnectionTimeout(1_000);
        JdbcOutbox outbox = new JdbcOutbox(pool, JdbcOutboxSettings.ofDefaults(), SchemaInitialization.ALWAYS);
        outbox.park(message);

        dedicated.close();

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void alwaysCreatesTheTablesInPostgresOnFirstUse() {
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), freshTables(), SchemaInitialization.ALWAYS);

        outbox.park(message);

        assertThat(outbox.depth("default")).isEqualTo(1);
    }

    @Test
    void embeddedLeavesPostgresAlone() {
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), freshTables(), SchemaInitialization.EMBEDDED);

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void creatingTheSchemaAgainIsHarmlessAndKeepsTheMessages() {
        JdbcOutboxSettings settings = freshTables();
        JdbcOutboxSchema schema = new JdbcOutboxSchema(newDataSource(), settings);
        schema.create();
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), settings);
        outbox.park(message);

        schema.create();

        assertThat(outbox.depth("default")).isEqualTo(1);
    }

    /** Table names no other test uses, so the tables surely do not exist yet. */
    private static JdbcOutboxSettings freshTables() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return JdbcOutboxSettings.ofDefaults().withTableName("outbox_" + suffix)
                .withLeaseTableName("outbox_lease_" + suffix);
    }
}
