package dev.erroralert.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Slack webhook on 127.0.0.1 that notes when each request arrived. The test support's stand-in records
 * requests but not their arrival time, which is what the latency run measures to: the time is taken as the request
 * reaches the handler, before its body is read, and the answer is {@code 200 ok}, at once, as Slack's — or, during an
 * {@linkplain #outageFor outage}, {@code 503}.
 */
final class SlackRecorder implements AutoCloseable {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final List<Request> requests = new ArrayList<>();
    /** Until when ({@link System#nanoTime()}) requests are refused with a 503, as in an outage; 0 for none. */
    private volatile long outageUntilNanos;
    private int refused;

    private SlackRecorder(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    static SlackRecorder start() {
        // The JDK's server writes an answer's head and body apart; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK hold the body back 40 ms, and the lane, which waits for the answer, would send at most
        // 25 messages a second. Read once, when the JDK's server is first used.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The Slack recorder did not start", ex);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(2, (runnable) -> {
            Thread thread = new Thread(runnable, "slack-recorder");
            thread.setDaemon(true);
            return thread;
        });
        SlackRecorder recorder = new SlackRecorder(server, handlers);
        server.createContext("/", recorder::handle);
        server.setExecutor(handlers);
        server.start();
        return recorder;
    }

    /** The webhook URL to configure: a path on the recorder shaped like Slack's. */
    String webhookUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/services/T00000000/B00000000/loaddriver";
    }

    /** The requests received so far, in the order they arrived. */
    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answer {@code 503} to every request for {@code duration} from now: a Slack outage. Refused requests are not recorded. */
    void outageFor(Duration duration) {
        outageUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /** How many requests an outage refused so far. */
    synchronized int refused() {
        return refused;
    }

    /** How many requests have arrived so far. */
    synchronized int count() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedAt = System.nanoTime();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (arrivedAt - outageUntilNanos < 0) {
                synchronized (this) {
                    refused++;
                }
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            synchronized (this) {
                requests.add(new Request(arrivedAt, System.currentTimeMillis(), new String(body,
                        StandardCharsets.UTF_8)));
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(OK);
            }
        }
    }

    /**
     * One webhook request.
     *
     * @param arrivedAtNanos when it reached the handler ({@link System#nanoTime()}, comparable with the driver's)
     * @param arrivedAtMillis the same, as epoch milliseconds
     * @param body the JSON body, as sent
     */
    record Request(long arrivedAtNanos, long arrivedAtMillis, String body) {
    }
}
