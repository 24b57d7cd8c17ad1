package dev.erroralert.testsupport;

import javax.sql.DataSource;

/**
 * A real database server the tests start themselves, so that a test written once runs against each of them: its
 * test database as DataSources and a JDBC URL, and, for a dedicated server, closing it.
 */
public interface EmbeddedDatabaseServer extends AutoCloseable {

    /**
     * A new, unpooled {@link DataSource} on the server's test database; each one opens its own connections, as a
     * separate application instance would.
     */
    DataSource newDataSource();

    /** The JDBC URL of the test database, the user included, for a pool of the test's choice. */
    String jdbcUrl();

    /** The port the server listens on. */
    int port();

    /** A dedicated server of the same kind, on its own free port and data directory, for a test that stops it. */
    EmbeddedDatabaseServer startAnother();

    /** Stop a dedicated server and delete its data; connections fail from then on. */
    @Override
    void close();
}
