package dev.erroralert.jdbc;

import java.util.IdentityHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.MuteStoreContractTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcMuteStorePostgresIntegrationTests extends MuteStoreContractTests<JdbcMuteStore> {

    // The tables of each store the test made.
    private final Map<JdbcMuteStore, JdbcStoreSettings> tables = new IdentityHashMap<>();

    @Override
    protected JdbcMuteStore newStore() {
        JdbcStoreSettings settings = FreshTables.create(EmbeddedPostgresServer.shared().newDataSource(),
                JdbcStoreSettings.ofDefaults());
        JdbcMuteStore store = new JdbcMuteStore(EmbeddedPostgresServer.shared().newDataSource(), settings);
        tables.put(store, settings);
        return store;
    }

    @Override
    protected JdbcMuteStore anotherInstance(JdbcMuteStore store) {
        return new JdbcMuteStore(EmbeddedPostgresServer.shared().newDataSource(), tables.get(store));
    }

    @Test
    void muteHoldsOnAPoolThatDoesNotAutoCommit() {
        JdbcMuteStore store = newStore();
        Mute mute = new Mute(MuteTarget.exceptionType("java.lang.IllegalStateException"), Long.MAX_VALUE);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(EmbeddedPostgresServer.shared().jdbcUrl());
            pool.setAutoCommit(false);

            new JdbcMuteStore(pool, tables.get(store)).put(mute);
        }

        assertThat(store.active(System.currentTimeMillis())).containsExactly(mute);
    }
}
