package dev.erroralert.jdbc;

import dev.erroralert.testsupport.EmbeddedMariaDbServer;

class JdbcMuteStoreMariaDbIntegrationTests extends JdbcMuteStoreServerContractTests {

    JdbcMuteStoreMariaDbIntegrationTests() {
        super(EmbeddedMariaDbServer::shared);
    }
}
