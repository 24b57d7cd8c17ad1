package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.Message;
import dev.erroralert.testsupport.EmbeddedDatabaseServer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The outbox on a real database server, written once and run against each one the outbox supports: the contract, and
 * on top of it what only a server shows (it stops; the tables are created only when told to).
 */
abstract class JdbcOutboxServerContractTests extends JdbcOutboxContractTests {

    private final Message message = new Message("default", "{}", "an alert", 1);

    private final Supplier<? extends EmbeddedDatabaseServer> sharedServer;

    /** Tests on the server {@code sharedServer} gives, and on others of its kind for the tests that stop one. */
    protected JdbcOutboxServerContractTests(Supplier<? extends EmbeddedDatabaseServer> sharedServer) {
        this.sharedServer = sharedServer;
    }

    @Override
    protected DataSource newDataSource() {
        return sharedServer.get().newDataSource();
    }

    @Override
    protected String jdbcUrl() {
        return sharedServer.get().jdbcUrl();
    }

    @Test
    void parkThrowsOnceTheDatabaseIsStopped() {
        EmbeddedDatabaseServer dedicated = open(sharedServer.get().startAnother());
        HikariDataSource pool = open(new HikariDataSource());
        pool.setJdbcUrl(dedicated.jdbcUrl());
        pool.setConnectionTimeout(1_000);
        JdbcOutbox outbox = new JdbcOutbox(pool, JdbcOutboxSettings.ofDefaults(), SchemaInitialization.ALWAYS);
        outbox.park(message);

        dedicated.close();

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void alwaysCreatesTheTablesOnFirstUse() {
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), freshTables(), SchemaInitialization.ALWAYS);

        outbox.park(message);

        assertThat(outbox.depth("default")).isEqualTo(1);
    }

    @Test
    void embeddedLeavesTheDatabaseAlone() {
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
        // In MariaDB and MySQL a schema is a database, and CREATE SCHEMA a synonym of CREATE DATABASE.
        new JdbcTemplate(newDataSource()).execute("CREATE SCHEMA IF NOT EXISTS alerts");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults().withTableName("alerts.parked_" + suffix)
                .withLeaseTableName("alerts.parked_lease_" + suffix);
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), settings, SchemaInitialization.ALWAYS);
        outbox.park(message);
        List<Message> sent = new ArrayList<>();

        newOutbox(settings).redeliver("default", sent::add);

        assertThat(sent).containsExactly(message);
        assertThat(outbox.depth("default")).isZero();
    }

    @Test
    void destinationsDifferingInCaseAloneAreKeptApart() throws DeliveryException {
        // The default collations of MariaDB and MySQL ignore case; the scripts' do not, as PostgreSQL's.
        JdbcOutbox outbox = new JdbcOutbox(newDataSource(), freshTables(), SchemaInitialization.ALWAYS);
        outbox.park(new Message("alerts", "{}", "lower", 1));
        outbox.park(new Message("ALERTS", "{}", "upper", 1));
        List<Message> sent = new ArrayList<>();

        outbox.redeliver("alerts", sent::add);

        assertThat(sent).extracting(Message::summary).containsExactly("lower");
        assertThat(outbox.depth("ALERTS")).isEqualTo(1);
    }

    private JdbcOutbox newOutbox(JdbcOutboxSettings settings) {
        return new JdbcOutbox(newDataSource(), settings);
    }

    /** Table names no other test uses, so the tables surely do not exist yet. */
    private static JdbcOutboxSettings freshTables() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return JdbcOutboxSettings.ofDefaults().withTableName("outbox_" + suffix)
                .withLeaseTableName("outbox_lease_" + suffix);
    }
}
