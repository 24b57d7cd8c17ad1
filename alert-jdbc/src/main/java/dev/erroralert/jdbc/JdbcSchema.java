package dev.erroralert.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the {@link JdbcDedupStore}'s table and index on demand from the script of the database's dialect.
 * Every statement is {@code IF NOT EXISTS}, so running it again, or from several instances, is harmless.
 */
public final class JdbcSchema {

    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private static final String EXPIRES_INDEX_SUFFIX = "_expires_idx";

    private final DataSource dataSource;

    private final JdbcStoreSettings settings;

    /** The schema of the default table ({@code error_alert_state}) in the database behind {@code dataSource}. */
    public JdbcSchema(DataSource dataSource) {
        this(dataSource, JdbcStoreSettings.ofDefaults());
    }

    /** A schema for the table named in {@code settings}, in the database behind {@code dataSource}. */
    public JdbcSchema(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** Create the table and its index unless they exist, detecting the dialect if the settings name none. */
    public void create() {
        JdbcDialect dialect = (settings.dialect() != null) ? settings.dialect() : JdbcDialect.detect(dataSource);
        new ResourceDatabasePopulator(new ByteArrayResource(script(dialect).getBytes(StandardCharsets.UTF_8)))
                .execute(dataSource);
    }

    /** The script that {@link #create()} runs for {@code dialect}, for those who apply schemas themselves. */
    public String script(JdbcDialect dialect) {
        return template(dialect).replace("${table}", settings.tableName())
                .replace("${expiresIndex}", expiresIndexName(settings.tableName()));
    }

    // An index lives in its table's schema and is named without one. PostgreSQL cuts names past 63 characters,
    // which could leave the index with its table's name; cut here instead, keeping the suffix.
    static String expiresIndexName(String tableName) {
        String table = tableName.substring(tableName.indexOf('.') + 1);
        int room = MAX_IDENTIFIER_LENGTH - EXPIRES_INDEX_SUFFIX.length();
        return table.substring(0, Math.min(table.length(), room)) + EXPIRES_INDEX_SUFFIX;
    }

    private static String template(JdbcDialect dialect) {
        try (InputStream script = JdbcSchema.class.getResourceAsStream(dialect.schemaResource())) {
            if (script == null) {
                throw new IllegalStateException("The schema script " + dialect.schemaResource() + " is missing");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The schema script " + dialect.schemaResource() + " is unreadable", ex);
        }
    }
}
