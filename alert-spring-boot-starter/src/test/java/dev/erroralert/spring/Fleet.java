package dev.erroralert.spring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.shop.ShopApplication;
import dev.erroralert.spring.shop.ShopApplication.PaymentDeclined;
import dev.erroralert.spring.shop.ShopApplication.PaymentService;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Instances of the {@link ShopApplication} booted side by side, as a fleet runs them: each its own context and web
 * server on a random port, all sharing the JVM's embedded Redis and PostgreSQL (under keys and tables of this fleet
 * only) and one Slack stand-in for their webhook. The {@code erroralerts} endpoint is exposed and open for writes;
 * Spring Security, which the test classpath holds for another test, is left out, so the endpoint answers whoever asks.
 */
final class Fleet implements AutoCloseable {

    private static final String WEBHOOK_PATH = "/services/T000/B000/FLEET";

    private static final List<String> SECURITY = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
                    + "ManagementWebSecurityAutoConfiguration");

    private static final JsonMapper json = JsonMapper.shared();

    // Keys and tables of this fleet only: the servers are shared with other tests.
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<String> common = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param slack where every instance's webhook points
     * @param redis whether the instances deduplicate in Redis before the database; without, the database decides
     * @param properties more properties, the same for every instance
     */
    Fleet(SlackStandIn slack, boolean redis, String... properties) {
        common.addAll(List.of("spring.application.name=shop", "server.port=0",
                "error-alert.in-app-packages=" + ShopApplication.class.getPackageName(),
                "spring.autoconfigure.exclude=" + String.join(",", SECURITY),
                "management.endpoints.web.exposure.include=erroralerts",
                "management.endpoint.erroralerts.access=unrestricted",
                "spring.datasource.url=" + EmbeddedPostgresServer.shared().jdbcUrl(),
                "error-alert.jdbc.initialize-schema=always",
                "error-alert.jdbc.table-name=" + table("state"),
                "error-alert.jdbc.history-table-name=" + table("history"),
                "error-alert.jdbc.history-batch-table-name=" + table("batch"),
                "error-alert.jdbc.mute-table-name=" + table("mute"),
                "error-alert.delivery.outbox-table-name=" + table("outbox"),
                "error-alert.slack.webhook-url=" + slack.url(WEBHOOK_PATH),
                // Unpaced: the tests count requests one per alert; pacing is tested apart.
                "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000"));
        if (redis) {
            common.addAll(List.of("error-alert.redis.url=" + EmbeddedRedisServer.shared().uri(),
                    "error-alert.redis.key-prefix=fleet-" + run + ":"));
        }
        common.addAll(List.of(properties));
    }

    /** The name of this fleet's table of {@code kind}, such as {@code fleet_history_0123456789ab}. */
    String table(String kind) {
        return "fleet_" + kind + "_" + run;
    }

    /** Boot one more instance. */
    Instance start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .properties(common.toArray(String[]::new)).run();
        Instance instance = new Instance(context,
                "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
        instances.add(instance);
        return instance;
    }

    @Override
    public void close() {
        for (int i = instances.size() - 1; i >= 0; i--) {
            instances.get(i).close();
        }
    }

    /** One booted instance: its context, its service, its pipeline and its actuator over HTTP. */
    final class Instance implements AutoCloseable {

        private final ConfigurableApplicationContext context;
        private final String base;
        // Held apart from the context, so that its counts can be read after the instance was shut down.
        private final AlertPipeline pipeline;

        private Instance(ConfigurableApplicationContext context, String base) {
            this.context = context;
            this.base = base;
            this.pipeline = context.getBean(AlertPipeline.class);
        }

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        private PaymentService payments() {
            return context.getBean(PaymentService.class);
        }

        AlertPipeline pipeline() {
            return pipeline;
        }

        /** Charge through the service, check the caller got the declined payment, and wait until it was judged. */
        void charge(String message) {
            chargeWithoutWaiting(message);
            awaitJudged();
        }

        /** Charge through the service and check the caller got the declined payment, from any thread. */
        void chargeWithoutWaiting(String message) {
            assertThatThrownBy(() -> payments().charge(message)).isInstanceOf(PaymentDeclined.class)
                    .hasMessage(message);
        }

        /** Refund through the service, check the caller got the failure, and wait until it was judged. */
        void refund(String message) {
            assertThatThrownBy(() -> payments().refund(message)).isInstanceOf(IllegalStateException.class)
                    .hasMessage(message);
            awaitJudged();
        }

        /** Wait until every occurrence captured has been judged; a guard against hanging, not a speed requirement. */
        void awaitJudged() {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> pipeline.stats().judged() == pipeline.stats().captured());
        }

        JsonNode get(String path) {
            return json.readTree(getText(path));
        }

        /** The raw answer to {@code GET path}, for what must never be in it. */
        String getText(String path) {
            return ok("GET", path, HttpRequest.newBuilder(uri(path)).GET());
        }

        JsonNode post(String path, String body) {
            return json.readTree(ok("POST", path, HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))));
        }

        JsonNode delete(String path) {
            return json.readTree(ok("DELETE", path, HttpRequest.newBuilder(uri(path)).DELETE()));
        }

        /** The targets of the mutes this instance holds in force, as its endpoint lists them. */
        List<String> mutes() {
            List<String> targets = new ArrayList<>();
            get("/actuator/erroralerts").get("mutes").forEach((mute) -> targets.add(mute.get("target").stringValue()));
            return targets;
        }

        private URI uri(String path) {
            return URI.create(base + path);
        }

        private String ok(String method, String path, HttpRequest.Builder request) {
            HttpResponse<String> response;
            try {
                response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            catch (IOException ex) {
                throw new AssertionError("No answer to " + method + " " + path + " from " + base, ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while asking " + base, ex);
            }
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
            return response.body();
        }

        /** Shut the instance down as the application would: the pipeline's last judgement, the last write-back. */
        @Override
        public void close() {
            context.close();
        }
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
