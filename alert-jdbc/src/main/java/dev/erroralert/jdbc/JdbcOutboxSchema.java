package dev.erroralert.jdbc;

import javax.sql.DataSource;

/**
 * Creates the {@link JdbcOutbox}'s tables (parked messages and leases) and index on demand from the script of the
 * database's dialect. Every statement is {@code IF NOT EXISTS}, so running it again, or from several instances, is
 * harmless.
 */
public final class JdbcOutboxSchema {

    private static final String DESTINATION_INDEX_SUFFIX = "_destination_idx";

    private final DataSource dataSource;

    private final JdbcOutboxSettings settings;

    /** The schema of the default tables ({@code error_alert_outbox}, {@code error_alert_outbox_lease}). */
    public JdbcOutboxSchema(DataSource dataSource) {
        this(dataSource, JdbcOutboxSettings.ofDefaults());
    }

    /** A schema for the tables named in {@code settings}, in the database behind {@code dataSource}. */
    public JdbcOutboxSchema(DataSource dataSource, JdbcOutboxSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** Create the tables and the index unless they exist, detecting the dialect if the settings name none. */
    public void create() {
        JdbcDialect dialect = (settings.dialect() != null) ? settings.dialect() : JdbcDialect.detect(dataSource);
        JdbcSchema.execute(dataSource, script(dialect));
    }

    /** The script that {@link #create()} runs for {@code dialect}, for those who apply schemas themselves. */
    public String script(JdbcDialect dialect) {
        return JdbcSchema.read(dialect.outboxSchemaResource())
                .replace("${table}", settings.tableName())
                .replace("${destinationIndex}", JdbcSchema.indexName(settings.tableName(), DESTINATION_INDEX_SUFFIX))
                .replace("${leaseTable}", settings.leaseTableName());
    }
}
