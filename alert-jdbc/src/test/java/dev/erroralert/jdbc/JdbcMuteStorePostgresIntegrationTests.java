package dev.erroralert.jdbc;

import dev.erroralert.testsupport.EmbeddedPostgresServer;

class JdbcMuteStorePostgresIntegrationTests extends JdbcMuteStoreServerContractTests {

    JdbcMuteStorePostgresIntegrationTests() {
        super(EmbeddedPostgresServer::shared);
    }
}
