package dev.erroralert.jdbc;

import javax.sql.DataSource;

import dev.erroralert.testsupport.EmbeddedPostgresServer;

class JdbcHistoryStorePostgresIntegrationTests extends JdbcHistoryStoreContractTests {

    @Override
    protected DataSource dataSource() {
        return EmbeddedPostgresServer.shared().newDataSource();
    }
}
