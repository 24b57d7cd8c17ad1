package dev.erroralert.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import dev.erroralert.delivery.Message;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcOutboxH2Tests extends JdbcOutboxContractTests {

    // Kept open between connections, so every DataSource reaches the same database; a lock is waited for long
    // enough for the tests that make one instance wait for another.
    private static final String URL = "jdbc:h2:mem:jdbc_outbox_tests;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    private final Message message = new Message("default", "{}", "an alert", 1);

    @Override
    protected DataSource newDataSource() {
        return h2(URL);
    }

    @Override
    protected String jdbcUrl() {
        return URL;
    }

    @Override
    protected long sessionsWaitingForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL",
                Long.class);
    }

    @Test
    void parkThrowsWhenNoConnectionCanBeOpened() {
        JdbcOutbox outbox = new JdbcOutbox(h2("jdbc:h2:mem:never_created;IFEXISTS=TRUE"));

        assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void embeddedCreatesTheTablesInH2OnFirstUse() {
        JdbcOutbox outbox = new JdbcOutbox(freshH2(), JdbcOutboxSettings.ofDefaults(),
                SchemaInitialization.EMBEDDED);

        outbox.park(message);

        assertThat(outbox.depth("default")).isEqualTo(1);
    }

    @Test
    void neverCreatesNothing() {
        JdbcOutbox outbox = new JdbcOutbox(freshH2(), JdbcOutboxSettings.ofDefaults(), SchemaInitialization.NEVER);

        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> outbox.park(message));
    }

    @Test
    void parksInTablesOfItsOwnWhenConfigured() {
        DataSource dataSource = freshH2();
        new JdbcTemplate(dataSource).execute("CREATE SCHEMA alerts");
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults().withTableName("alerts.parked")
                .withLeaseTableName("alerts.parked_lease");
        JdbcOutbox outbox = new JdbcOutbox(dataSource, settings, SchemaInitialization.EMBEDDED);

        outbox.park(message);

        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM alerts.parked", Long.class))
                .isEqualTo(1);
    }

    private static DataSource freshH2() {
        return h2("jdbc:h2:mem:outbox_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        return dataSource;
    }
}
