package dev.erroralert.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the {@link JdbcDedupStore}'s tables and indexes on demand from the script of the database's dialect: the
 * state table and, beside it, the {@link JdbcStoreSettings#threadTableName() thread table}, the history tables of the
 * {@link JdbcHistoryStore} and the mute table of the {@link JdbcMuteStore}. Every statement is
 * {@code IF NOT EXISTS}, so running it again, or from several instances, is harmless.
 */
public final class JdbcSchema {

    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private static final String EXPIRES_INDEX_SUFFIX = "_expires_idx";

    private static final String UPDATED_INDEX_SUFFIX = "_updated_idx";

    private static final String LAST_SEEN_INDEX_SUFFIX = "_last_seen_idx";

    private static final String APPLIED_INDEX_SUFFIX = "_applied_idx";

    /** How often a script is run before its failure is believed: a lost race succeeds at the next attempt. */
    private static final int CREATE_ATTEMPTS = 5;

    private static final long RACE_PAUSE_MILLIS = 20;

    private final DataSource dataSource;

    private final JdbcStoreSettings settings;

    /** The schema of the default tables ({@code error_alert_state}, {@code error_alert_thread}) behind {@code dataSource}. */
    public JdbcSchema(DataSource dataSource) {
        this(dataSource, JdbcStoreSettings.ofDefaults());
    }

    /** A schema for the tables named after {@code settings}, in the database behind {@code dataSource}. */
    public JdbcSchema(DataSource dataSource, JdbcStoreSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** Create the tables and their indexes unless they exist, detecting the dialect if the settings name none. */
    public void create() {
        JdbcDialect dialect = (settings.dialect() != null) ? settings.dialect() : JdbcDialect.detect(dataSource);
        execute(dataSource, script(dialect));
    }

    /** The script that {@link #create()} runs for {@code dialect}, for those who apply schemas themselves. */
    public String script(JdbcDialect dialect) {
        String threadTable = settings.threadTableName();
        return read(dialect.schemaResource())
                .replace("${table}", settings.tableName())
                .replace("${expiresIndex}", expiresIndexName(settings.tableName()))
                .replace("${threadTable}", threadTable)
                .replace("${threadIndex}", indexName(threadTable, UPDATED_INDEX_SUFFIX))
                .replace("${historyTable}", settings.historyTableName())
                .replace("${historyIndex}", indexName(settings.historyTableName(), LAST_SEEN_INDEX_SUFFIX))
                .replace("${historyBatchTable}", settings.historyBatchTableName())
                .replace("${historyBatchIndex}", indexName(settings.historyBatchTableName(), APPLIED_INDEX_SUFFIX))
                .replace("${muteTable}", settings.muteTableName());
    }

    static String expiresIndexName(String tableName) {
        return indexName(tableName, EXPIRES_INDEX_SUFFIX);
    }

    /** The name of an index of {@code tableName}: the table's own name, without its schema, and {@code suffix}. */
    static String indexName(String tableName, String suffix) {
        // An index lives in its table's schema and is named without one.
        return cutName(tableName.substring(tableName.indexOf('.') + 1), suffix);
    }

    /**
     * {@code name} and {@code suffix}, {@code name} cut so that both fit in 63 characters. PostgreSQL cuts longer
     * names itself, which could drop the suffix and leave, say, an index with its table's name.
     */
    static String cutName(String name, String suffix) {
        int room = MAX_IDENTIFIER_LENGTH - suffix.length();
        return name.substring(0, Math.min(name.length(), room)) + suffix;
    }

    /**
     * Run a script of {@code IF NOT EXISTS} statements against {@code dataSource}, again when it fails. "If not
     * exists" is not atomic: when several stores or instances create the same table or index at the same moment,
     * H2 and PostgreSQL fail the ones that lose the race ("already exists", a duplicate key in the catalogue). Run
     * again, a loser finds what the winner created and goes on.
     */
    static void execute(DataSource dataSource, String script) {
        ResourceDatabasePopulator populator =
                new ResourceDatabasePopulator(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)));
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            try {
                populator.execute(dataSource);
                return;
            }
            catch (RuntimeException ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
                if (attempt < CREATE_ATTEMPTS && !pause(attempt * RACE_PAUSE_MILLIS)) {
                    break;
                }
            }
        }
        throw failure;
    }

    /** Let a racing creation finish; false when interrupted (the interrupt is kept). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The text of a schema script, a classpath resource beside this class. */
    static String read(String resource) {
        try (InputStream script = JdbcSchema.class.getResourceAsStream(resource)) {
            if (script == null) {
                throw new IllegalStateException("The schema script " + resource + " is missing");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The schema script " + resource + " is unreadable", ex);
        }
    }
}
