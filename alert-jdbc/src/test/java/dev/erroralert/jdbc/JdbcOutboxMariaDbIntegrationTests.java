package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.testsupport.EmbeddedMariaDbServer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The outbox on a real MariaDB, which stands for MySQL too: the same dialect, scripts and statements. */
class JdbcOutboxMariaDbIntegrationTests extends JdbcOutboxContractTests {

    private final Message message = new Message("default", "{}", "an alert", 1);

    @Override
    protected DataSource newDataSource() {
        return EmbeddedMariaDbServer.shared().newDataSource();
    }

    @Override
    protected String jdbcUrl() {
        return EmbeddedMariaDbServer.shared().jdbcUrl();
    }

    @Override
    protected long sessionsWaitingForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'",
                Long.class);
    }

    @Test
    void parkThrowsOnceTheDatabaseIsStopped() {
        EmbeddedMariaDbServer dedicated = open(EmbeddedMariaDbServer.startNew());
        HikariDataSource pool = open(new HikariDataSource());
        pool.setJdbcUrl(dedicated.jdbcUrl());
        pool.setConnectionTimeout(1_000);
        JdbcOutbox outbox = new JdbcOutbox(pool, JdbcOutboxSettings.ofDefaults(), SchemaInitialization.ALWAYS);
        outbox.park(message);

        dedicated.close();

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void alwaysCreatesTheTablesInMariaDbOnFirstUse() {
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), freshTables(), SchemaInitialization.ALWAYS);

        outbox.park(message);

        assertThat(outbox.depth("default")).isEqualTo(1);
    }

    @Test
    void embeddedLeavesMariaDbAlone() {
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

    @Test
    void parksInSchemaQualifiedTablesOfItsOwn() throws DeliveryException {
        // A schema is a database in MariaDB and MySQL; CREATE SCHEMA is its synonym.
        new JdbcTemplate(newDataSource()).execute("CREATE SCHEMA IF NOT EXISTS alerts");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults().withTableName("alerts.parked_" + suffix)
                .withLeaseTableName("alerts.parked_lease_" + suffix);
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), settings, SchemaInitialization.ALWAYS);
        outbox.park(message);
        List<Message> sent = new ArrayList<>();

        outbox.redeliver("default", sent::add);

        assertThat(sent).containsExactly(message);
        assertThat(new JdbcTemplate(newDataSource()).queryForList("SELECT DISTINCT index_name FROM "
                + "information_schema.statistics WHERE table_schema = 'alerts' AND table_name = ?", String.class,
                "parked_" + suffix)).containsExactlyInAnyOrder("PRIMARY", "parked_" + suffix + "_destination_idx");
    }

    @Test
    void destinationsDifferingInCaseAloneAreKeptApart() throws DeliveryException {
        // The default collations of MariaDB and MySQL ignore case; the script's utf8mb4_bin, like PostgreSQL, not.
        JdbcOutboxSettings settings = freshTables();
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), settings, SchemaInitialization.ALWAYS);
        outbox.park(new Message("alerts", "{}", "lower", 1));
        outbox.park(new Message("ALERTS", "{}", "upper", 1));
        List<Message> sent = new ArrayList<>();

        outbox.redeliver("alerts", sent::add);

        assertThat(sent).extracting(Message::summary).containsExactly("lower");
        assertThat(outbox.depth("ALERTS")).isEqualTo(1);
    }

    /** Table names no other test uses, so the tables surely do not exist yet. */
    private static JdbcOutboxSettings freshTables() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return JdbcOutboxSettings.ofDefaults().withTableName("outbox_" + suffix)
                .withLeaseTableName("outbox_lease_" + suffix);
    }
}
