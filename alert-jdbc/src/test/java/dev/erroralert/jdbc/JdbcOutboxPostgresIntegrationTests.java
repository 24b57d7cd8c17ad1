package dev.erroralert.jdbc;

import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcOutboxPostgresIntegrationTests extends JdbcOutboxServerContractTests {

    JdbcOutboxPostgresIntegrationTests() {
        super(EmbeddedPostgresServer::shared);
    }

    @Override
    protected long sessionsWaitingForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                Long.class);
    }
}
