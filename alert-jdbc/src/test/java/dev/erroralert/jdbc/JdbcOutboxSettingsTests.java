package dev.erroralert.jdbc;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdbcOutboxSettingsTests {

    @Test
    void defaultsToTheDocumentedTablesLeaseAndTimeoutAndDetectsTheDialect() {
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults();

        assertThat(settings.tableName()).isEqualTo("error_alert_outbox");
        assertThat(settings.leaseTableName()).isEqualTo("error_alert_outbox_lease");
        assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.dialect()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "x; drop table y", "a-b", "", "1st_outbox", "a.b.c" })
    void rejectsTableNamesThatAreNotPlainIdentifiersNamingTheProperty(String tableName) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcOutboxSettings.ofDefaults().withTableName(tableName))
                .withMessageContaining("tableName").withMessageContaining("'" + tableName + "'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcOutboxSettings.ofDefaults().withLeaseTableName(tableName))
                .withMessageContaining("leaseTableName").withMessageContaining("'" + tableName + "'");
    }

    @Test
    void rejectsOneTableForBoth() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcOutboxSettings.ofDefaults().withLeaseTableName("error_alert_outbox"))
                .withMessageContaining("must differ");
    }

    @Test
    void rejectsALeaseOrATimeoutShorterThanAMillisecondNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcOutboxSettings.ofDefaults().withLeaseDuration(Duration.ZERO))
                .withMessageContaining("leaseDuration");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcOutboxSettings.ofDefaults().withTimeout(Duration.ofNanos(1)))
                .withMessageContaining("timeout");
    }

    @ParameterizedTest
    // MariaDB declares its indexes inside CREATE TABLE, as MySQL has no CREATE INDEX IF NOT EXISTS: its scripts are
    // run for real by JdbcOutboxMariaDbIntegrationTests.
    @EnumSource(value = JdbcDialect.class, mode = EnumSource.Mode.EXCLUDE, names = "MARIADB")
    void schemaScriptOfEveryDialectNamesTheConfiguredTablesAndLeavesNoPlaceholder(JdbcDialect dialect) {
        JdbcOutboxSchema schema = new JdbcOutboxSchema(JdbcDedupStoreH2Tests.newDataSource(), JdbcOutboxSettings
                .ofDefaults().withTableName("alerts.parked").withLeaseTableName("alerts.parked_lease"));

        String script = schema.script(dialect);

        assertThat(script).contains("CREATE TABLE IF NOT EXISTS alerts.parked (")
                .contains("CREATE INDEX IF NOT EXISTS parked_destination_idx ON alerts.parked (destination, id)")
                .contains("CREATE TABLE IF NOT EXISTS alerts.parked_lease (")
                .doesNotContain("${");
    }
}
