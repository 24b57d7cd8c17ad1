package dev.erroralert.jdbc;

import javax.sql.DataSource;

import dev.erroralert.testsupport.EmbeddedMariaDbServer;

class JdbcHistoryStoreMariaDbIntegrationTests extends JdbcHistoryStoreContractTests {

    @Override
    protected DataSource dataSource() {
        return EmbeddedMariaDbServer.shared().newDataSource();
    }
}
