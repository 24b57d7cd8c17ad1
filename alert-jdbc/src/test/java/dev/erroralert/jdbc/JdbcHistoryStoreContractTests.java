package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.testsupport.HistoryStoreContractTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The history contract on each database, and what only a database does: a transaction that fails half-way, a pool
 * that does not auto-commit, text the database refuses. Each test has tables of its own, and each store a DataSource
 * of its own, as separate application instances would have.
 */
abstract class JdbcHistoryStoreContractTests extends HistoryStoreContractTests {

    private JdbcStoreSettings settings;

    /** A DataSource of its own on the test database, as another application instance would have. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createTables() {
        settings = FreshTables.create(dataSource(), JdbcDedupStoreH2Tests.CONTRACT_SETTINGS);
    }

    /** A history store of another application instance. */
    @Override
    protected JdbcHistoryStore newStore() {
        return new JdbcHistoryStore(dataSource(), settings);
    }

    /**
     * Statement 1 records the batch's id, statements 2 to 5 upsert its four rows in the order of their fingerprints:
     * whichever fails, nothing of the batch holds, and applying it again later counts it once.
     */
    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 5 })
    void databaseFailingHalfWayAppliesNothingAndTheBatchCountsOnceLater(int failingStatement) {
        Fingerprint counted = randomFingerprint();
        newStore().apply(batchId(), List.of(occurrences(counted, 100)));
        List<HistoryDelta> deltas = new ArrayList<>(List.of(occurrences(counted, 1)));
        List<Fingerprint> fresh = List.of(randomFingerprint(), randomFingerprint(), randomFingerprint());
        fresh.forEach((fingerprint) -> deltas.add(occurrences(fingerprint, 5)));
        String batchId = batchId();
        StatementRecordingDataSource failing = new StatementRecordingDataSource(dataSource())
                .failingStatement(failingStatement);

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> new JdbcHistoryStore(failing, settings).apply(batchId, deltas));

        assertThat(failing.statements).hasSize(failingStatement);
        assertThat(totalOf(counted)).as("untouched").isEqualTo(100);
        fresh.forEach((fingerprint) -> assertThat(newStore().find(fingerprint)).isEmpty());

        assertThat(newStore().apply(batchId, deltas)).as("its id was not recorded").isTrue();
        assertThat(newStore().apply(batchId, deltas)).isFalse();
        assertThat(totalOf(counted)).isEqualTo(101);
        fresh.forEach((fingerprint) -> assertThat(totalOf(fingerprint)).isEqualTo(5));
    }

    @Test
    void appliedBatchHoldsOnAPoolThatDoesNotAutoCommit() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setDataSource(dataSource());
            pool.setAutoCommit(false);
            Fingerprint fingerprint = randomFingerprint();
            String batchId = batchId();

            new JdbcHistoryStore(pool, settings).apply(batchId, List.of(occurrences(fingerprint, 3)));

            assertThat(totalOf(fingerprint)).isEqualTo(3);
            assertThat(newStore().apply(batchId, List.of(occurrences(fingerprint, 3)))).isFalse();
        }
    }

    @Test
    void aMessageWithNulCharactersIsStoredAndNeverFailsTheBatch() {
        // PostgreSQL refuses NUL in any string; a message quoting user input may hold one.
        JdbcHistoryStore store = newStore();
        Fingerprint fingerprint = randomFingerprint();
        ErrorDetails withNul = new ErrorDetails("java.lang.NumberFormatException",
                "For input string: \"\u0000\u0000\"", "com.example.Api#parse", "shop", "prod");

        assertThat(store.apply(batchId(), List.of(delta(fingerprint, 3, 0, 0, 1_000, 1_000, withNul)))).isTrue();

        assertThat(store.find(fingerprint)).get().satisfies((row) -> {
            assertThat(row.totalCount()).isEqualTo(3);
            assertThat(row.details().sampleMessage()).isEqualTo("For input string: \"\uFFFD\uFFFD\"");
        });
    }
}
