package dev.erroralert.jdbc;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class JdbcHistoryStoreH2Tests extends JdbcHistoryStoreContractTests {

    // Kept open between connections, so every DataSource reaches the same database; a lock is waited for long
    // enough for the tests that race instances on the same rows.
    private static final String URL = "jdbc:h2:mem:jdbc_history_tests;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    @Override
    protected DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(URL);
        return dataSource;
    }
}
