package dev.erroralert.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The caller's wait is bounded even when the pool hangs, as one waiting 30 s for a connection to a dead database.
 */
class JdbcDedupStoreTimeoutTests {

    // Generous: only a guard so that a broken store fails the test instead of hanging it.
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final DedupWindows windows = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private final Fingerprint fingerprint = new Fingerprint(UUID.randomUUID().toString().replace("-", ""));

    private final HangingDataSource dataSource = new HangingDataSource(JdbcDedupStoreH2Tests.newDataSource());

    private final JdbcDedupStore store = new JdbcDedupStore(dataSource,
            JdbcStoreSettings.ofDefaults().withTimeout(Duration.ofMillis(200)));

    @BeforeAll
    static void createTable() {
        new JdbcSchema(JdbcDedupStoreH2Tests.newDataSource(), JdbcStoreSettings.ofDefaults()).create();
    }

    @AfterEach
    void releaseTheHang() {
        dataSource.release();
        store.close();
    }

    @Test
    void creatingTheStoreDoesNotTouchTheDatabase() {
        assertThat(dataSource.connectionsAsked).hasValue(0);
    }

    @Test
    void recordThrowsAfterTheTimeoutWhileNoConnectionComes() {
        CompletableFuture<Tally> call = CompletableFuture.supplyAsync(this::recordNow);

        assertThat(call).failsWithin(HANG_GUARD)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(QueryTimeoutException.class)
                .withMessageContaining("within 200 ms");
    }

    @Test
    void nextRecordFailsAtOnceWhileTheTimedOutStatementStillHoldsTheWorker() {
        assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this::recordNow);

        assertThatExceptionOfType(TransientDataAccessResourceException.class).isThrownBy(this::recordNow)
                .withMessageContaining("not queueing");
        assertThat(dataSource.connectionsAsked).as("the second call never reached the pool").hasValue(1);
    }

    @Test
    void storeAnswersAgainOnceTheStuckStatementFinishedAndThatStatementStillCounted() {
        assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this::recordNow);

        dataSource.release();
        Tally afterRecovery = await().atMost(HANG_GUARD)
                .ignoreExceptionsInstanceOf(TransientDataAccessResourceException.class)
                .until(this::recordNow, (tally) -> true);

        // The caller of the first step was told it failed, yet the step counted once its connection came.
        assertThat(afterRecovery.previousCount()).isEqualTo(1);
    }

    private Tally recordNow() {
        return store.record(fingerprint, 1, System.currentTimeMillis(), windows);
    }

    /** Hands out no connection until released, like a pool waiting for a database that does not answer. */
    private static final class HangingDataSource extends AbstractDataSource {

        private final DataSource afterRelease;

        private final CountDownLatch released = new CountDownLatch(1);

        private final AtomicInteger connectionsAsked = new AtomicInteger();

        HangingDataSource(DataSource afterRelease) {
            this.afterRelease = afterRelease;
        }

        void release() {
            released.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            connectionsAsked.incrementAndGet();
            try {
                released.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for a connection", ex);
            }
            return afterRelease.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }
}
