package dev.erroralert.jdbc;

import dev.erroralert.testsupport.EmbeddedMariaDbServer;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox on a real MariaDB, which stands for MySQL too: the same dialect, scripts and statements. */
class JdbcOutboxMariaDbIntegrationTests extends JdbcOutboxServerContractTests {

    JdbcOutboxMariaDbIntegrationTests() {
        super(EmbeddedMariaDbServer::shared);
    }

    @Override
    protected long sessionsWaitingForALock(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'",
                Long.class);
    }
}
