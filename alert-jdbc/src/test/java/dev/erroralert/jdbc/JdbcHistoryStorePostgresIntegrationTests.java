package dev.erroralert.jdbc;

import javax.sql.DataSource;

import dev.erroralert.testsupport.EmbeddedPostgresServer;

class JdbcHistoryStorePostgresIntegrationTests extends HistoryStoreContractTests {

    @Override
    protected DataSource dataSource() {
        return EmbeddedPostgresServer.shared().newDataSource();
    }
}
