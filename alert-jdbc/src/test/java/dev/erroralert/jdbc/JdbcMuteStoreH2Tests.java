package dev.erroralert.jdbc;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.testsupport.MuteStoreContractTests;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JdbcMuteStoreH2Tests extends MuteStoreContractTests<JdbcMuteStore> {

    private final MuteTarget target = MuteTarget.exceptionType("java.lang.IllegalStateException");

    // The tables of each store the test made.
    private final Map<JdbcMuteStore, JdbcStoreSettings> tables = new IdentityHashMap<>();

    @Override
    protected JdbcMuteStore newStore() {
        JdbcStoreSettings settings = FreshTables.create(JdbcDedupStoreH2Tests.newDataSource(),
                JdbcStoreSettings.ofDefaults());
        JdbcMuteStore store = new JdbcMuteStore(JdbcDedupStoreH2Tests.newDataSource(), settings);
        tables.put(store, settings);
        return store;
    }

    @Override
    protected JdbcMuteStore anotherInstance(JdbcMuteStore store) {
        return new JdbcMuteStore(JdbcDedupStoreH2Tests.newDataSource(), tables.get(store));
    }

    @Test
    void embeddedCreatesTheTablesInH2OnFirstUse() {
        JdbcMuteStore store = new JdbcMuteStore(freshH2(), JdbcStoreSettings.ofDefaults(),
                SchemaInitialization.EMBEDDED);

        store.put(new Mute(target, Long.MAX_VALUE));

        assertThat(store.active(System.currentTimeMillis())).containsExactly(new Mute(target, Long.MAX_VALUE));
    }

    @Test
    void neverCreatesNothing() {
        JdbcMuteStore store = new JdbcMuteStore(freshH2(), JdbcStoreSettings.ofDefaults(), SchemaInitialization.NEVER);

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> store.put(new Mute(target, Long.MAX_VALUE)));
    }

    private static DataSource freshH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:mutes_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
