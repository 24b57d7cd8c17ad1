package dev.erroralert.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.erroralert.pipeline.AlertPipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An unannotated controller's failure, as a client sees it: a {@code GET} over loopback to Tomcat that throws
 * {@value #DEPTH} frames down in a controller nobody annotated and ends as Spring Boot's 500 error page — with
 * error-alert's Spring MVC capture off, and on (the whole pipeline running, alerts to the log). The difference is what
 * the capture point costs the request's thread: its resolver and filter, the once-per-exception guard and the
 * pipeline's lock-free hand-off; no I/O, no lock. Both in one run, so the ratio is the figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class UnhandledControllerBenchmark {

    /** How many frames down the controller's failure is thrown. */
    static final int DEPTH = 30;

    /** A controller nobody annotated, failing deep down as a real one would. */
    @RestController
    public static class OrderController {

        @GetMapping("/orders/{id}")
        public long order(@PathVariable long id) {
            return descend(id, DEPTH);
        }

        private long descend(long orderId, int depth) {
            if (depth > 1) {
                return descend(orderId, depth - 1) + 1;
            }
            throw new IllegalStateException("order " + orderId + " not found");
        }
    }

    /** The web application measured: the controller, with error-alert's auto-configuration. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    public static class WebApplication {

        @Bean
        OrderController orderController() {
            return new OrderController();
        }
    }

    /** The application on Tomcat, and a client for it; the capture on or off. */
    // Set by start(), which each subclass's @Setup calls: NullAway sees initializers by annotation only.
    @SuppressWarnings("NullAway.Init")
    public abstract static class Server {

        ConfigurableApplicationContext context;
        HttpClient client;
        HttpRequest request;

        void start(boolean capture) throws IOException, InterruptedException {
            List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                    "logging.level.root=WARN", "error-alert.capture.mvc.enabled=" + capture,
                    // Alerts to the log, silenced: the figure is the request thread's, not delivery's. Tomcat's own
                    // ERROR line per failed request (a stack trace written to the console) silenced too: the same
                    // in both variants, it would only bury the difference in the console's cost.
                    "logging.level.dev.erroralert.alerts=OFF", "logging.level.org.apache.catalina=OFF",
                    "spring.autoconfigure.exclude="
                            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"));
            context = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
                    .logStartupInfo(false).properties(properties.toArray(String[]::new)).run();
            // A servlet application that has started runs its web server.
            int port = Objects.requireNonNull(((WebServerApplicationContext) context).getWebServer()).getPort();
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/4711")).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 500) {
                throw new IllegalStateException("Expected the controller's failure to be a 500, got " + status);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            AlertPipeline pipeline = context.getBean(AlertPipeline.class);
            System.out.printf("%n[%s] captured by error-alert: %,d%n", getClass().getSimpleName(),
                    pipeline.stats().captured());
            context.close();
        }
    }

    /** error-alert present, its Spring MVC capture off: the request as it was before the capture point. */
    @State(Scope.Benchmark)
    public static class CaptureOff extends Server {

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException {
            start(false);
        }
    }

    /** error-alert's Spring MVC capture on: every failing request reported. */
    @State(Scope.Benchmark)
    public static class CaptureOn extends Server {

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException {
            start(true);
        }
    }

    @Benchmark
    public int failingRequestWithoutCapture(CaptureOff server) throws IOException, InterruptedException {
        return server.client.send(server.request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int failingRequestWithMvcCapture(CaptureOn server) throws IOException, InterruptedException {
        return server.client.send(server.request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
