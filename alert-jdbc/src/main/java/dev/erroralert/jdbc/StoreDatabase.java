package dev.erroralert.jdbc;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The database of a store, as every JDBC store reaches it: statements bounded by the query timeout of the settings,
 * transactions of the store's own, and the dialect, known on first use rather than at construction so that an
 * unreachable database never fails a start-up. The store's tables are created at that first use when the
 * {@link SchemaInitialization} says so; a failed detection or creation is tried again at the next use.
 */
final class StoreDatabase {

    private final DataSource dataSource;

    private final JdbcStoreSettings settings;

    private final SchemaInitialization schemaInitialization;

    private final NamedParameterJdbcTemplate jdbc;

    private final OwnTransactions transactions;

    private volatile @Nullable JdbcDialect dialect;

    StoreDatabase(DataSource dataSource, JdbcStoreSettings settings, SchemaInitialization schemaInitialization) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.schemaInitialization = schemaInitialization;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout(JdbcStoreSettings.wholeSecondsAtLeast(settings.timeout()));
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.transactions = new OwnTransactions(dataSource);
    }

    /** Statements with the query timeout of the settings. */
    NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    /** Transactions of the store's own, committed whatever the calling thread has open. */
    OwnTransactions transactions() {
        return transactions;
    }

    /** The dialect, detected unless the settings name it, the tables created first if so configured. */
    JdbcDialect dialect() {
        JdbcDialect known = dialect;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = dialect;
            if (known == null) {
                known = (settings.dialect() != null) ? settings.dialect() : JdbcDialect.detect(jdbc.getJdbcTemplate());
                if (schemaInitialization.appliesTo(known)) {
                    // Idempotent, so instances racing to create the tables agree.
                    new JdbcSchema(dataSource, settings.withDialect(known)).create();
                }
                dialect = known;
            }
            return known;
        }
    }
}
