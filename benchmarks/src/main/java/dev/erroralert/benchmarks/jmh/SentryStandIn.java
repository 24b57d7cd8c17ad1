package dev.erroralert.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for Sentry's ingestion: it reads each envelope, throws it away and answers
 * {@code 200}, counting what it received. Unlike the Slack stand-in it keeps no request, so a long run does not fill
 * the benchmark's heap with envelopes.
 */
final class SentryStandIn implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final byte[] ACCEPTED = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final LongAdder envelopes = new LongAdder();

    private SentryStandIn(HttpServer server) {
        this.server = server;
    }

    /** Start one on a free port of 127.0.0.1; close it when done. */
    static SentryStandIn start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The Sentry stand-in did not start", ex);
        }
        SentryStandIn standIn = new SentryStandIn(server);
        // Answered on the server's own thread: Sentry's SDK sends from one thread, so one is enough.
        server.createContext("/", standIn::handle);
        server.start();
        return standIn;
    }

    /** A DSN for project 1 on this server, as Sentry's SDK takes it. */
    String dsn() {
        return "http://0123456789abcdef0123456789abcdef@" + HOST + ":" + server.getAddress().getPort() + "/1";
    }

    /** How many envelopes arrived so far. */
    long envelopes() {
        return envelopes.sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            envelopes.increment();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ACCEPTED.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ACCEPTED);
            }
        }
    }
}
