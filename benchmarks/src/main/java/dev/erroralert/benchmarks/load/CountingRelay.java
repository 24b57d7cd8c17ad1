package dev.erroralert.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * A loopback relay between one application instance and Redis that counts the commands the instance sends: its
 * round trips. Redis cannot tell them apart ({@code INFO commandstats} and {@code total_commands_processed} also count
 * every command a script runs), so the driver points each instance at a relay of its own. Plain blocking sockets, two
 * threads per connection; what it adds to a call is a loopback hop.
 */
final class CountingRelay implements AutoCloseable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final AtomicLong commands = new AtomicLong();
    private final Map<String, LongAdder> byName = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private CountingRelay(String targetHost, int targetPort, String name) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay to the Redis at {@code redisUri} ({@code redis://host:port}); {@code name} names its threads. */
    static CountingRelay to(String redisUri, String name) {
        URI uri = URI.create(redisUri);
        try {
            return new CountingRelay(uri.getHost(), uri.getPort(), name);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Where the instance connects instead of Redis. */
    String uri() {
        return "redis://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Commands the instance sent so far. */
    long commands() {
        return commands.get();
    }

    /** Commands the instance sent so far, by name in lower case. */
    Map<String, Long> commandsByName() {
        Map<String, Long> counts = new TreeMap<>();
        byName.forEach((command, count) -> counts.put(command, count.sum()));
        return counts;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                redis.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(redis);
                RespRequests requests = new RespRequests(this::counted);
                pump(client, redis, requests, "up");
                pump(redis, client, null, "down");
            }
            catch (IOException ex) {
                // Closed, or Redis refused: the instance sees its connection drop, as it would without the relay.
            }
        }
    }

    private void counted(String command) {
        commands.incrementAndGet();
        byName.computeIfAbsent(command, (key) -> new LongAdder()).increment();
    }

    /** Copy {@code from} to {@code to} until either closes, the client's requests counted on the way up. */
    private void pump(Socket from, Socket to, @Nullable RespRequests requests, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    if (requests != null) {
                        requests.accept(buffer, read);
                    }
                }
            }
            catch (IOException ex) {
                // The other side went away.
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, Thread.currentThread().getName() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(CountingRelay::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // Closing anyway.
        }
    }
}
