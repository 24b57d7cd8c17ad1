package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import javax.sql.DataSource;

import dev.erroralert.testsupport.EmbeddedPostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several stores, or several instances, creating the same tables at the same moment (the mutes on an actuator call
 * while the dedup store is first used on its worker) all end with the tables, none with a failure.
 */
class JdbcSchemaRaceTests {

    private static final int RACERS = 6;

    private static final int ROUNDS = 5;

    @Test
    void racingCreationsInH2AllSucceed() {
        for (int round = 0; round < ROUNDS; round++) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:race_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            assertThat(race(h2, JdbcStoreSettings.ofDefaults())).as("round %d", round).isEmpty();
        }
    }

    @Test
    void racingCreationsInPostgresAllSucceed() {
        DataSource postgres = EmbeddedPostgresServer.shared().newDataSource();
        for (int round = 0; round < ROUNDS; round++) {
            JdbcStoreSettings fresh = JdbcStoreSettings.ofDefaults()
                    .withTableName("race_" + UUID.randomUUID().toString().substring(0, 8));
            assertThat(race(postgres, fresh)).as("round %d", round).isEmpty();
        }
    }

    /** The failures of {@link #RACERS} threads creating the schema at once. */
    private static List<Throwable> race(DataSource dataSource, JdbcStoreSettings settings) {
        CyclicBarrier start = new CyclicBarrier(RACERS);
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            racers.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                new JdbcSchema(dataSource, settings).create();
            }, runnable -> new Thread(runnable).start()));
        }
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> racer : racers) {
            racer.handle((done, failure) -> failure == null ? null : failures.add(failure)).join();
        }
        return failures;
    }
}
