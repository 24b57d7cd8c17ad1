package dev.erroralert.jdbc;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdbcStoreSettingsTests {

    @ParameterizedTest
    @ValueSource(strings = { "x; drop table y", "a-b", "", "1st_state", "a.b.c", "alerts.", "\"quoted\"",
            "error_alert_state_named_far_beyond_what_postgresql_keeps_of_a_name",
            "alerts.error_alert_state_named_far_beyond_what_postgresql_keeps_of_a_name" })
    void rejectsTableNamesThatAreNotPlainIdentifiersNamingTheValue(String tableName) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcStoreSettings.ofDefaults().withTableName(tableName))
                .withMessageContaining("tableName")
                .withMessageContaining("'" + tableName + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "error_alert_state", "alerts.dedup_state", "_State2",
            "a23456789012345678901234567890123456789012345678901234567890123" })
    void acceptsPlainAndSchemaQualifiedIdentifiers(String tableName) {
        assertThat(JdbcStoreSettings.ofDefaults().withTableName(tableName).tableName()).isEqualTo(tableName);
    }

    @Test
    void rejectsATimeoutShorterThanAMillisecondNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcStoreSettings.ofDefaults().withTimeout(Duration.ZERO))
                .withMessageContaining("timeout");
    }

    @ParameterizedTest
    @CsvSource({ "error_alert_state, error_alert_thread", "alerts.dedup_state, alerts.dedup_thread",
            "billing, billing_thread", "state_of_things, state_of_things_thread" })
    void threadTableIsNamedAfterTheStateTable(String tableName, String threadTableName) {
        assertThat(JdbcStoreSettings.ofDefaults().withTableName(tableName).threadTableName())
                .isEqualTo(threadTableName);
    }

    @Test
    void threadTableOfALongStateTableNameStaysWithinSixtyThreeCharactersAndDiffersFromIt() {
        String longName = "s".repeat(56) + "_thread";
        String longStateName = "alerts." + "s".repeat(57) + "_state";

        assertThat(JdbcStoreSettings.ofDefaults().withTableName(longName).threadTableName())
                .isEqualTo("s".repeat(55) + "_thread");
        assertThat(JdbcStoreSettings.ofDefaults().withTableName(longStateName).threadTableName())
                .isEqualTo("alerts." + "s".repeat(56) + "_thread");
    }

    @Test
    void defaultsToTheDocumentedTableAndTimeoutAndDetectsTheDialect() {
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults();

        assertThat(settings.tableName()).isEqualTo("error_alert_state");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.dialect()).isNull();
    }

    @Test
    void defaultsToTheDocumentedHistoryAndMuteTablesWithTheHistoryOn() {
        JdbcStoreSettings settings = new JdbcStoreSettings("alerts.dedup_state", Duration.ofSeconds(1), null);

        assertThat(settings.historyTableName()).isEqualTo("error_alert_history");
        assertThat(settings.historyBatchTableName()).isEqualTo("error_alert_history_batch");
        assertThat(settings.muteTableName()).isEqualTo("error_alert_mute");
        assertThat(settings.historyEnabled()).isTrue();
        assertThat(settings.quietGrace()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @CsvSource({ "historyTableName, x; drop table y", "historyBatchTableName, a-b", "muteTableName, 1st_mute" })
    void rejectsHistoryAndMuteTableNamesThatAreNotPlainIdentifiersNamingTheProperty(String property, String name) {
        JdbcStoreSettings defaults = JdbcStoreSettings.ofDefaults();

        assertThatIllegalArgumentException().isThrownBy(() -> {
            switch (property) {
                case "historyTableName" -> defaults.withHistoryTableName(name);
                case "historyBatchTableName" -> defaults.withHistoryBatchTableName(name);
                default -> defaults.withMuteTableName(name);
            }
        }).withMessageContaining(property).withMessageContaining("'" + name + "'");
    }

    @Test
    void rejectsTwoSettingsNamingOneTableNamingBoth() {
        JdbcStoreSettings defaults = JdbcStoreSettings.ofDefaults();

        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMuteTableName("ERROR_ALERT_STATE"))
                .withMessageContaining("muteTableName").withMessageContaining("tableName");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHistoryTableName("error_alert_thread"))
                .withMessageContaining("historyTableName").withMessageContaining("threadTableName");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withHistoryBatchTableName(JdbcStoreSettings.DEFAULT_HISTORY_TABLE_NAME))
                .withMessageContaining("historyBatchTableName").withMessageContaining("historyTableName");
    }

    @Test
    void rejectsANegativeQuietGraceNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JdbcStoreSettings.ofDefaults().withQuietGrace(Duration.ofMillis(-1)))
                .withMessageContaining("quietGrace");
    }

    @Test
    void withersKeepTheOtherSettings() {
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withHistoryEnabled(false)
                .withQuietGrace(Duration.ZERO).withMuteTableName("alerts.mutes").withTableName("alerts.state")
                .withTimeout(Duration.ofSeconds(2)).withDialect(JdbcDialect.H2);

        assertThat(settings).isEqualTo(new JdbcStoreSettings("alerts.state", Duration.ofSeconds(2), JdbcDialect.H2,
                "error_alert_history", "error_alert_history_batch", "alerts.mutes", false, Duration.ZERO));
    }
}
