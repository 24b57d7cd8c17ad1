package dev.erroralert.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcSchemaTests {

    @Test
    void creatingTheSchemaAgainIsHarmlessAndKeepsTheRows() {
        DataSource dataSource = JdbcDedupStoreH2Tests.newDataSource();
        JdbcStoreSettings settings = JdbcStoreSettings.ofDefaults().withTableName("created_twice_state");
        JdbcSchema schema = new JdbcSchema(dataSource, settings);
        schema.create();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO created_twice_state (fingerprint, occurrences, first_seen_ms, last_seen_ms,"
                + " expires_at_ms) VALUES ('0123456789abcdef0123456789abcdef', 1, 0, 0, 10)");

        schema.create();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM created_twice_state", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT index_name FROM information_schema.indexes "
                + "WHERE table_name = 'CREATED_TWICE_STATE' AND index_name LIKE '%EXPIRES%'", String.class))
                .containsExactly("CREATED_TWICE_STATE_EXPIRES_IDX");
    }

    @Test
    void createsTheThreadTableBesideTheStateTable() {
        DataSource dataSource = JdbcDedupStoreH2Tests.newDataSource();
        new JdbcSchema(dataSource, JdbcStoreSettings.ofDefaults().withTableName("beside_state")).create();

        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_name LIKE 'BESIDE%'", String.class))
                .containsExactlyInAnyOrder("BESIDE_STATE", "BESIDE_THREAD");
    }

    @Test
    void createsTheHistoryAndMuteTablesNamedInTheSettings() {
        DataSource dataSource = JdbcDedupStoreH2Tests.newDataSource();
        new JdbcSchema(dataSource, JdbcStoreSettings.ofDefaults().withTableName("named_state")
                .withHistoryTableName("named_history").withHistoryBatchTableName("named_history_batch")
                .withMuteTableName("named_mute")).create();

        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_name LIKE 'NAMED%'", String.class))
                .containsExactlyInAnyOrder("NAMED_STATE", "NAMED_THREAD", "NAMED_HISTORY", "NAMED_HISTORY_BATCH",
                        "NAMED_MUTE");
    }

    @Test
    void indexNameOfALongTableNameStaysWithinSixtyThreeCharactersAndDiffersFromTheTable() {
        String tableName = "alerts." + "s".repeat(63);

        String indexName = JdbcSchema.expiresIndexName(tableName);

        assertThat(indexName).hasSize(63).endsWith("_expires_idx").isNotEqualTo("s".repeat(63));
    }

    @ParameterizedTest
    // MariaDB declares its indexes inside CREATE TABLE, as MySQL has no CREATE INDEX IF NOT EXISTS: its scripts are
    // run for real by JdbcDedupStoreMariaDbIntegrationTests.
    @EnumSource(value = JdbcDialect.class, mode = EnumSource.Mode.EXCLUDE, names = "MARIADB")
    void scriptOfEveryDialectNamesTheConfiguredTableAndLeavesNoPlaceholder(JdbcDialect dialect) {
        JdbcSchema schema = new JdbcSchema(JdbcDedupStoreH2Tests.newDataSource(),
                JdbcStoreSettings.ofDefaults().withTableName("alerts.dedup_state")
                        .withHistoryTableName("alerts.history").withHistoryBatchTableName("alerts.history_batch")
                        .withMuteTableName("alerts.mute"));

        String script = schema.script(dialect);

        assertThat(script).contains("CREATE TABLE IF NOT EXISTS alerts.dedup_state")
                .contains("CREATE INDEX IF NOT EXISTS dedup_state_expires_idx ON alerts.dedup_state")
                .contains("CREATE TABLE IF NOT EXISTS alerts.dedup_thread")
                .contains("CREATE INDEX IF NOT EXISTS dedup_thread_updated_idx ON alerts.dedup_thread")
                .contains("CREATE TABLE IF NOT EXISTS alerts.history (")
                .contains("CREATE INDEX IF NOT EXISTS history_last_seen_idx ON alerts.history")
                .contains("CREATE TABLE IF NOT EXISTS alerts.history_batch (")
                .contains("CREATE INDEX IF NOT EXISTS history_batch_applied_idx ON alerts.history_batch")
                .contains("CREATE TABLE IF NOT EXISTS alerts.mute (")
                .doesNotContain("${");
    }
}
