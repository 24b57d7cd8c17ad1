package dev.erroralert.jdbc;

import javax.sql.DataSource;

import dev.erroralert.testsupport.BurningErrorsContractTests;
import org.junit.jupiter.api.BeforeEach;

/** The reminder contract of every store, run against each database; each test has tables of its own. */
abstract class JdbcBurningErrorsContractTests extends BurningErrorsContractTests<JdbcDedupStore> {

    private JdbcStoreSettings settings;

    /** A DataSource on the test database, for creating the test's tables. */
    protected abstract DataSource dataSource();

    /** A store with {@code settings} as another application instance would have it, closed after the test. */
    protected abstract JdbcDedupStore newStore(JdbcStoreSettings settings);

    @BeforeEach
    void createTables() {
        settings = FreshTables.create(dataSource(), JdbcDedupStoreH2Tests.CONTRACT_SETTINGS);
    }

    @Override
    protected JdbcDedupStore newStore() {
        return newStore(settings);
    }

    @Override
    protected JdbcDedupStore anotherInstance(JdbcDedupStore store) {
        // Every store of a test is on its tables.
        return newStore(settings);
    }
}
