package dev.erroralert.jdbc;

import java.util.List;

import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcDedupStorePostgresIntegrationTests extends JdbcDedupStoreServerContractTests {

    JdbcDedupStorePostgresIntegrationTests() {
        super(EmbeddedPostgresServer::shared);
    }

    @Override
    protected JdbcDialect dialect() {
        return JdbcDialect.POSTGRESQL;
    }

    @Override
    protected List<String> indexesOf(JdbcTemplate jdbc, String tableName) {
        return jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = ?", String.class, tableName);
    }

    @Override
    protected String primaryKeyIndexOf(String tableName) {
        return tableName + "_pkey";
    }
}
