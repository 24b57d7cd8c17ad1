package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.MuteTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A {@link MuteStore} in a table of the application's database ({@link JdbcStoreSettings#muteTableName()}), one row
 * per target, shared by every instance that uses the database.
 * <p>
 * Each write commits in a transaction of its own, so it holds on a pool whose connections do not auto-commit; every
 * statement is bounded by the query timeout of the settings. Nothing touches the database before the first call.
 */
public final class JdbcMuteStore implements MuteStore {

    private static final Logger logger = LoggerFactory.getLogger(JdbcMuteStore.class);

    private static final String NAME = "jdbc";

    private final JdbcStoreSettings settings;

    private final NamedParameterJdbcTemplate jdbc;

    private final OwnTransactions transactions;

    private final StoreDatabase database;

    /** Mutes on {@code dataSource} with the {@link JdbcStoreSettings#ofDefaults() default settings}. */
    public JdbcMuteStore(DataSource dataSource) {
        this(dataSource, JdbcStoreSettings.ofDefaults());
    }

    /** Mutes on {@code dataSource}, whose table exists already. */
    public JdbcMuteStore(DataSource dataSource, JdbcStoreSettings settings) {
        this(dataSource, settings, SchemaInitialization.NEVER);
    }

    /**
     * Mutes that also create the store's tables on first use when {@code schemaInitialization} says so for the
     * database it finds; a failed creation is tried again on the next call.
     */
    public JdbcMuteStore(DataSource dataSource, JdbcStoreSettings settings, SchemaInitialization schemaInitialization) {
        this.settings = settings;
        this.database = new StoreDatabase(dataSource, settings, schemaInitialization);
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public void put(Mute mute) {
        JdbcDialect dialect = database.dialect();
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("target", mute.target().key())
                .addValue("until", mute.untilMillis())
                .addValue("now", System.currentTimeMillis());
        transactions.run(() -> {
            dialect.upsertMute(jdbc, settings.muteTableName(), parameters);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public boolean remove(MuteTarget target) {
        database.dialect();
        String sql = "DELETE FROM " + settings.muteTableName() + " WHERE target = :target";
        return transactions.run(() -> jdbc.update(sql, Map.of("target", target.key()))) > 0;
    }

    /**
     * {@inheritDoc} Ended mutes are deleted in the same transaction, so the table keeps only the mutes in force. A row
     * whose target is not one this version understands is skipped.
     *
     * @throws org.springframework.dao.DataAccessException when the database failed or did not answer in time
     */
    @Override
    public List<Mute> active(long nowMillis) {
        database.dialect();
        Map<String, Long> now = Map.of("now", nowMillis);
        List<Mute> active = new ArrayList<>();
        transactions.run(() -> {
            jdbc.update("DELETE FROM " + settings.muteTableName() + " WHERE until_ms <= :now", now);
            jdbc.query("SELECT target, until_ms FROM " + settings.muteTableName()
                    + " WHERE until_ms > :now ORDER BY until_ms, target", now, (row) -> {
                        String key = row.getString("target");
                        try {
                            active.add(new Mute(MuteTarget.parse(key), row.getLong("until_ms")));
                        }
                        catch (IllegalArgumentException ex) {
                            logger.debug("error-alert: skipping the mute of an unknown target '{}'", key, ex);
                        }
                    });
            return null;
        });
        return List.copyOf(active);
    }

    @Override
    public String toString() {
        return "JdbcMuteStore[" + settings.muteTableName() + "]";
    }
}
