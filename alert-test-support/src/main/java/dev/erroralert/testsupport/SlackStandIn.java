package dev.erroralert.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A local HTTP server standing in for Slack (webhooks and Web API alike), on a random port of 127.0.0.1.
 * <p>
 * It records every request it receives and answers {@code 200 ok} unless told otherwise: answers can be
 * scripted one request at a time ({@link #answerNext}, for example two {@code 500}s and then the default) or
 * for every request ({@link #answerByDefault}, for example a slow Slack). For the Web API, {@link Answer#json}
 * answers with a JSON body such as {@code {"ok":true,"ts":"1700000000.000100"}}, and
 * {@link RecordedRequest#form()} reads the form the SDK posts. Requests are recorded as they arrive, before any
 * delay, so a test can see a request its client gave up on. Thread-safe.
 */
public final class SlackStandIn implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Deque<Answer> scripted = new ArrayDeque<>();
    private Answer byDefault = Answer.ok();

    private SlackStandIn(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Start a stand-in on a free port of 127.0.0.1; close it when done. */
    public static SlackStandIn start() {
        // Without TCP_NODELAY the JDK's server and the client's delayed ACK hold each answer about 40 ms; read once,
        // when the server's class is first set up.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The Slack stand-in did not start", ex);
        }
        // One thread per request, so a delayed answer does not hold up the requests behind it.
        ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "slack-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        SlackStandIn standIn = new SlackStandIn(server, handlers);
        server.createContext("/", standIn::handle);
        server.setExecutor(handlers);
        server.start();
        return standIn;
    }

    /** The port the stand-in listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address of {@code path} on the stand-in, such as {@code http://127.0.0.1:51234/services/T0/B0/x}. */
    public String url(String path) {
        return "http://" + HOST + ":" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Answer the next requests with {@code answers}, one each in order, after those already scripted. */
    public synchronized SlackStandIn answerNext(Answer... answers) {
        Collections.addAll(scripted, answers);
        return this;
    }

    /** Answer every request that no {@link #answerNext scripted} answer is left for with {@code answer}. */
    public synchronized SlackStandIn answerByDefault(Answer answer) {
        byDefault = Objects.requireNonNull(answer, "answer");
        return this;
    }

    /** The requests received so far, oldest first. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Wait until at least {@code count} requests have arrived and return all received so far.
     *
     * @throws AssertionError when fewer have arrived within {@code timeout}
     */
    public synchronized List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + count + " request(s) within " + timeout + ", received "
                        + requests.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(requests);
    }

    /** Forget the requests received and the scripted answers, and answer {@code 200 ok} by default again. */
    public synchronized void reset() {
        requests.clear();
        scripted.clear();
        byDefault = Answer.ok();
    }

    /** Stop listening; requests still waiting on a delayed answer are dropped. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer answer = record(new RecordedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), copy(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                }
                catch (InterruptedException ex) {
                    // Closing the stand-in: the client sees the connection drop.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answerBody = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), answerBody.length == 0 ? -1 : answerBody.length);
            if (answerBody.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answerBody);
                }
            }
        }
        finally {
            exchange.close();
        }
    }

    private synchronized Answer record(RecordedRequest request) {
        requests.add(request);
        notifyAll();
        Answer next = scripted.poll();
        return next != null ? next : byDefault;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "SlackStandIn[" + url("/") + "]";
    }

    /**
     * One request as the stand-in received it.
     *
     * @param method the HTTP method
     * @param path the path, as sent (not decoded)
     * @param headers the headers, names case-insensitive
     * @param body the body, read as UTF-8
     */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of header {@code name} (any case), or {@code null} if the request had none. */
        public @Nullable String header(String name) {
            List<String> values = headers.get(name);
            return (values == null || values.isEmpty()) ? null : values.get(0);
        }

        /**
         * The body read as an HTML form ({@code application/x-www-form-urlencoded}, as the Web API client posts):
         * each field's first value, decoded, in the order sent.
         */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            }
            return Collections.unmodifiableMap(fields);
        }
    }

    /**
     * How the stand-in answers one request.
     *
     * @param status the HTTP status
     * @param body the body, sent as UTF-8; empty for none
     * @param headers the headers to add, in order
     * @param delay how long to wait before answering; zero for at once
     */
    public record Answer(int status, String body, Map<String, String> headers, Duration delay) {

        public Answer {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("An HTTP status has three digits, got " + status);
            }
            Objects.requireNonNull(body, "body");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, got " + delay);
            }
        }

        /** {@code 200 ok}, as a Slack webhook answers a message it accepted. */
        public static Answer ok() {
            return status(200, "ok");
        }

        /** {@code status} with {@code body}, at once. */
        public static Answer status(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", "text/plain; charset=utf-8"), Duration.ZERO);
        }

        /** {@code 200} with the JSON {@code body}, as the Web API answers, errors included ({@code "ok":false}). */
        public static Answer json(String body) {
            return json(200, body);
        }

        /** {@code status} with the JSON {@code body}, at once. */
        public static Answer json(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", "application/json; charset=utf-8"), Duration.ZERO);
        }

        /** {@code 429} with a {@code Retry-After} header of {@code retryAfterSeconds}, as Slack rate limits. */
        public static Answer rateLimited(long retryAfterSeconds) {
            return status(429, "rate_limited").withHeader("Retry-After", Long.toString(retryAfterSeconds));
        }

        /** This answer with header {@code name: value} added (or replaced). */
        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more, delay);
        }

        /** This answer, sent only after {@code delay}: a slow Slack. */
        public Answer after(Duration delay) {
            return new Answer(status, body, headers, delay);
        }
    }
}
