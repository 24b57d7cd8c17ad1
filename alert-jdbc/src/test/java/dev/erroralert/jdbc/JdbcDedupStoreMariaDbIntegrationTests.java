package dev.erroralert.jdbc;

import java.util.List;

import dev.erroralert.testsupport.EmbeddedMariaDbServer;
import org.springframework.jdbc.core.JdbcTemplate;

/** The store on a real MariaDB, which stands for MySQL too: the same dialect, scripts and statements. */
class JdbcDedupStoreMariaDbIntegrationTests extends JdbcDedupStoreServerContractTests {

    JdbcDedupStoreMariaDbIntegrationTests() {
        super(EmbeddedMariaDbServer::shared);
    }

    @Override
    protected JdbcDialect dialect() {
        return JdbcDialect.MARIADB;
    }

    @Override
    protected List<String> indexesOf(JdbcTemplate jdbc, String tableName) {
        return jdbc.queryForList("SELECT DISTINCT index_name FROM information_schema.statistics"
                + " WHERE table_schema = DATABASE() AND table_name = ?", String.class, tableName);
    }

    @Override
    protected String primaryKeyIndexOf(String tableName) {
        return "PRIMARY";
    }
}
