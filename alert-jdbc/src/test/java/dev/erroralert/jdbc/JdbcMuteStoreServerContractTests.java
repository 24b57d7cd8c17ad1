package dev.erroralert.jdbc;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.testsupport.EmbeddedDatabaseServer;
import dev.erroralert.testsupport.MuteStoreContractTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The mute contract on a database server, the tables of each test their own. */
abstract class JdbcMuteStoreServerContractTests extends MuteStoreContractTests<JdbcMuteStore> {

    private final Supplier<? extends EmbeddedDatabaseServer> server;

    // The tables of each store the test made.
    private final Map<JdbcMuteStore, JdbcStoreSettings> tables = new IdentityHashMap<>();

    protected JdbcMuteStoreServerContractTests(Supplier<? extends EmbeddedDatabaseServer> server) {
        this.server = server;
    }

    @Override
    protected JdbcMuteStore newStore() {
        JdbcStoreSettings settings = FreshTables.create(server.get().newDataSource(), JdbcStoreSettings.ofDefaults());
        JdbcMuteStore store = new JdbcMuteStore(server.get().newDataSource(), settings);
        tables.put(store, settings);
        return store;
    }

    @Override
    protected JdbcMuteStore anotherInstance(JdbcMuteStore store) {
        return new JdbcMuteStore(server.get().newDataSource(), tables.get(store));
    }

    @Test
    void muteHoldsOnAPoolThatDoesNotAutoCommit() {
        JdbcMuteStore store = newStore();
        Mute mute = new Mute(MuteTarget.exceptionType("java.lang.IllegalStateException"), Long.MAX_VALUE);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(server.get().jdbcUrl());
            pool.setAutoCommit(false);

            new JdbcMuteStore(pool, tables.get(store)).put(mute);
        }

        assertThat(store.active(System.currentTimeMillis())).containsExactly(mute);
    }
}
