package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import dev.erroralert.jdbc.JdbcStoreSettings;
import dev.erroralert.jdbc.SchemaInitialization;
import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.requirePositive;
import static dev.erroralert.spring.autoconfigure.ErrorAlertProperties.named;

/**
 * The database store, second in the chain, on the application's DataSource.
 */
@ConfigurationProperties("error-alert.jdbc")
public class ErrorAlertJdbcProperties {

    /**
     * Whether to use a database store when the application has a DataSource.
     */
    private boolean enabled = true;

    /**
     * Table of the deduplication state, optionally schema-qualified.
     */
    private String tableName = "error_alert_state";

    /**
     * How long a decision may wait for the database before the next link decides.
     */
    private Duration timeout = Duration.ofMillis(500);

    /**
     * When to create the table: 'embedded' (only in an embedded database such as H2), 'always' or 'never'.
     */
    private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

    /**
     * Table of the error history, optionally schema-qualified.
     */
    private String historyTableName = JdbcStoreSettings.DEFAULT_HISTORY_TABLE_NAME;

    /**
     * Table of the write-back batches applied to the history, optionally schema-qualified.
     */
    private String historyBatchTableName = JdbcStoreSettings.DEFAULT_HISTORY_BATCH_TABLE_NAME;

    /**
     * Table of the mutes shared by every instance, optionally schema-qualified.
     */
    private String muteTableName = JdbcStoreSettings.DEFAULT_MUTE_TABLE_NAME;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTableName() {
        return tableName;
    }

    public void setTableName(String tableName) {
        this.tableName = named("error-alert.jdbc.table-name",
                () -> JdbcStoreSettings.ofDefaults().withTableName(tableName).tableName());
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = requirePositive(timeout, "error-alert.jdbc.timeout");
    }

    public SchemaInitialization getInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(SchemaInitialization initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public String getHistoryTableName() {
        return historyTableName;
    }

    public void setHistoryTableName(String historyTableName) {
        this.historyTableName = named("error-alert.jdbc.history-table-name",
                () -> JdbcStoreSettings.ofDefaults().withHistoryTableName(historyTableName).historyTableName());
    }

    public String getHistoryBatchTableName() {
        return historyBatchTableName;
    }

    public void setHistoryBatchTableName(String historyBatchTableName) {
        this.historyBatchTableName = named("error-alert.jdbc.history-batch-table-name",
                () -> JdbcStoreSettings.ofDefaults().withHistoryBatchTableName(historyBatchTableName)
                        .historyBatchTableName());
    }

    public String getMuteTableName() {
        return muteTableName;
    }

    public void setMuteTableName(String muteTableName) {
        this.muteTableName = named("error-alert.jdbc.mute-table-name",
                () -> JdbcStoreSettings.ofDefaults().withMuteTableName(muteTableName).muteTableName());
    }

    /** The settings, with the history written by the store's steps or not. */
    JdbcStoreSettings toSettings(boolean historyEnabled) {
        return named("error-alert.jdbc", () -> new JdbcStoreSettings(tableName, timeout, null, historyTableName,
                historyBatchTableName, muteTableName, historyEnabled, JdbcStoreSettings.DEFAULT_QUIET_GRACE));
    }
}
