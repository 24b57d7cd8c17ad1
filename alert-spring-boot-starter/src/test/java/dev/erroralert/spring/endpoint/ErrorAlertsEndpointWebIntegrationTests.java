package dev.erroralert.spring.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import dev.erroralert.testsupport.InMemoryMuteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code erroralerts} endpoint over HTTP, in an application with the actuator and Spring MVC on a real Tomcat:
 * exposed, opened for writes and refused exactly as the application's actuator settings say.
 */
class ErrorAlertsEndpointWebIntegrationTests {

    private static final String EXPOSED = "management.endpoints.web.exposure.include=health,erroralerts";

    private static final String UNRESTRICTED = "management.endpoint.erroralerts.access=unrestricted";

    private static final Fingerprint ORDERS = new Fingerprint("0123456789abcdef0123456789abcdef");

    private static final Fingerprint LOGIN = new Fingerprint("fedcba9876543210fedcba9876543210");

    private static final JsonMapper json = JsonMapper.shared();

    /**
     * No database: the history is the fake, planted by each test. No Spring Security, which the test classpath holds
     * for {@link ErrorAlertsEndpointSecurityIntegrationTests}: here the endpoint answers whoever asks.
     */
    static final List<String> EXCLUDED = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
                    + "ManagementWebSecurityAutoConfiguration");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        InMemoryHistoryStore history() {
            return new InMemoryHistoryStore();
        }

        @Bean
        InMemoryMuteStore muteStore() {
            return new InMemoryMuteStore("redis");
        }

        @Bean
        Silences silences(InMemoryMuteStore muteStore) {
            return new Silences(List.of(muteStore), List.of(), Clock.systemUTC());
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext context;

    private String base;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private void start(String... properties) {
        context = new SpringApplicationBuilder(ShopApplication.class)
                .properties("server.port=0", "spring.autoconfigure.exclude=" + String.join(",", EXCLUDED))
                .properties(properties)
                .run();
        base = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        InMemoryHistoryStore history = context.getBean(InMemoryHistoryStore.class);
        Instant now = Instant.now();
        history.put(new HistoryEntry(ORDERS, new ErrorDetails("com.example.OrderFailure", "order 42 not found",
                "com.example.OrderService#place", "shop", "prod"), now.minusSeconds(3_600).toEpochMilli(),
                now.minusSeconds(60).toEpochMilli(), 1_234, 6, 1_228));
    }

    private Silences silences() {
        return context.getBean(Silences.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    private static JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void theEndpointIsNotExposedUnlessTheApplicationExposesIt() throws Exception {
        start();

        assertThat(get("/actuator/health").statusCode()).as("the actuator is there").isEqualTo(200);
        assertThat(get("/actuator/erroralerts").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/erroralerts/" + ORDERS.value()).statusCode()).isEqualTo(404);
    }

    @Test
    void onceExposedItListsTheHistoryAndTheMutes() throws Exception {
        start(EXPOSED);
        silences().mute(MuteTarget.exceptionType("com.example.OrderFailure"),
                Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());

        HttpResponse<String> response = get("/actuator/erroralerts");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("history").booleanValue()).isTrue();
        assertThat(body.get("recent")).hasSize(1);
        JsonNode orders = body.get("recent").get(0);
        assertThat(orders.get("fingerprint").stringValue()).isEqualTo(ORDERS.value());
        assertThat(orders.get("shortId").stringValue()).isEqualTo("01234567");
        assertThat(orders.get("exceptionType").stringValue()).isEqualTo("com.example.OrderFailure");
        assertThat(orders.get("sampleMessage").stringValue()).isEqualTo("order 42 not found");
        assertThat(orders.get("location").stringValue()).isEqualTo("com.example.OrderService#place");
        assertThat(orders.get("application").stringValue()).isEqualTo("shop");
        assertThat(orders.get("environment").stringValue()).isEqualTo("prod");
        assertThat(Instant.parse(orders.get("firstSeen").stringValue())).isBefore(Instant.now());
        assertThat(Instant.parse(orders.get("lastSeen").stringValue())).isBefore(Instant.now());
        assertThat(orders.get("totalCount").longValue()).isEqualTo(1_234);
        assertThat(orders.get("alertsSent").longValue()).isEqualTo(6);
        assertThat(orders.get("suppressedCount").longValue()).isEqualTo(1_228);
        // No live record: null, which the actuator's JSON leaves out as it leaves out every null.
        assertThat(isNull(orders.get("liveCount"))).isTrue();
        assertThat(orders.get("muted").booleanValue()).isTrue();
        assertThat(orders.get("mutedUntil").stringValue()).isEqualTo("2100-01-01T00:00:00Z");
        assertThat(body.get("top").get(0).get("fingerprint").stringValue()).isEqualTo(ORDERS.value());
        assertThat(body.get("mutes")).hasSize(1);
        JsonNode mute = body.get("mutes").get(0);
        assertThat(mute.get("target").stringValue()).isEqualTo("type:com.example.OrderFailure");
        assertThat(mute.get("kind").stringValue()).isEqualTo("type");
        assertThat(mute.get("until").stringValue()).isEqualTo("2100-01-01T00:00:00Z");
        assertThat(mute.get("permanent").booleanValue()).isFalse();

        assertThat(body(get("/actuator/erroralerts/" + ORDERS.value())).get("totalCount").longValue())
                .isEqualTo(1_234);
        assertThat(get("/actuator/erroralerts/ffffffffffffffffffffffffffffffff").statusCode()).isEqualTo(404);
    }

    @Test
    void whileAccessIsReadOnlyNothingCanBeMutedOrUnmuted() throws Exception {
        start(EXPOSED);
        MuteTarget payments = MuteTarget.exceptionType("com.example.PaymentFailure");
        silences().mute(payments, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());

        HttpResponse<String> muted = post("/actuator/erroralerts",
                "{\"target\":\"fingerprint:" + ORDERS.value() + "\",\"duration\":\"30m\"}");
        HttpResponse<String> unmuted = delete("/actuator/erroralerts?target=" + query(payments.key()));

        assertThat(muted.statusCode()).isEqualTo(405);
        assertThat(unmuted.statusCode()).isEqualTo(405);
        assertThat(silences().isMuted(ORDERS, "com.example.OrderFailure")).isFalse();
        assertThat(silences().isMuted(LOGIN, payments.value())).isTrue();
    }

    @Test
    void theApplicationsCapOnAccessHoldsEvenWhenTheEndpointIsUnlocked() throws Exception {
        start(EXPOSED, UNRESTRICTED, "management.endpoints.access.max-permitted=read-only");

        HttpResponse<String> muted = post("/actuator/erroralerts",
                "{\"target\":\"fingerprint:" + ORDERS.value() + "\",\"duration\":\"30m\"}");

        assertThat(muted.statusCode()).isEqualTo(405);
        assertThat(get("/actuator/erroralerts").statusCode()).isEqualTo(200);
    }

    @Test
    void withUnrestrictedAccessAMuteIsSetSeenAndLifted() throws Exception {
        start(EXPOSED, UNRESTRICTED);
        String target = "fingerprint:" + ORDERS.value();

        HttpResponse<String> muted = post("/actuator/erroralerts",
                "{\"target\":\"" + target + "\",\"duration\":\"PT30M\"}");

        assertThat(muted.statusCode()).isEqualTo(200);
        JsonNode mute = body(muted);
        assertThat(mute.get("target").stringValue()).isEqualTo(target);
        assertThat(mute.get("kind").stringValue()).isEqualTo("fingerprint");
        assertThat(Duration.between(Instant.now(), Instant.parse(mute.get("until").stringValue())))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
        assertThat(mute.get("stores")).extracting(JsonNode::stringValue).containsExactly("redis");
        assertThat(mute.get("failedStores")).isEmpty();
        assertThat(silences().isMuted(ORDERS, "com.example.OrderFailure")).isTrue();
        JsonNode listed = body(get("/actuator/erroralerts"));
        assertThat(listed.get("mutes").get(0).get("target").stringValue()).isEqualTo(target);
        assertThat(listed.get("recent").get(0).get("mutedUntil").stringValue())
                .isEqualTo(mute.get("until").stringValue());

        HttpResponse<String> unmuted = delete("/actuator/erroralerts?target=" + query(target));

        assertThat(unmuted.statusCode()).isEqualTo(200);
        assertThat(body(unmuted).get("stores")).extracting(JsonNode::stringValue).containsExactly("redis");
        assertThat(body(unmuted).get("stillMutedByConfiguration").booleanValue()).isFalse();
        assertThat(silences().isMuted(ORDERS, "com.example.OrderFailure")).isFalse();
        assertThat(body(get("/actuator/erroralerts")).get("mutes")).isEmpty();
    }

    @Test
    void aMuteUntilAGivenInstantIsSetThroughQueryParametersToo() throws Exception {
        start(EXPOSED, UNRESTRICTED);

        HttpResponse<String> muted = post("/actuator/erroralerts?target=" + query("type:com.example.OrderFailure")
                + "&until=" + query("2100-01-01T09:00:00+09:00"), "{}");

        assertThat(muted.statusCode()).isEqualTo(200);
        assertThat(body(muted).get("until").stringValue()).isEqualTo("2100-01-01T00:00:00Z");
        assertThat(silences().isMuted(LOGIN, "com.example.OrderFailure")).isTrue();
    }

    @Test
    void aMuteNoStoreCouldTakeIsAServiceUnavailable() throws Exception {
        start(EXPOSED, UNRESTRICTED);
        context.getBean(InMemoryMuteStore.class).setFailing(true);

        HttpResponse<String> muted = post("/actuator/erroralerts",
                "{\"target\":\"type:com.example.OrderFailure\",\"duration\":\"30m\"}");

        assertThat(muted.statusCode()).isEqualTo(503);
        assertThat(body(muted).get("failedStores")).extracting(JsonNode::stringValue).containsExactly("redis");
    }

    @Test
    void anUnmuteAStoreCouldNotTakeIsAServiceUnavailable() throws Exception {
        start(EXPOSED, UNRESTRICTED);
        HttpResponse<String> muted = post("/actuator/erroralerts",
                "{\"target\":\"type:com.example.OrderFailure\",\"duration\":\"30m\"}");
        assertThat(muted.statusCode()).isEqualTo(200);
        context.getBean(InMemoryMuteStore.class).setFailing(true);

        HttpResponse<String> unmuted = delete("/actuator/erroralerts?target=" + query("type:com.example.OrderFailure"));

        assertThat(unmuted.statusCode()).isEqualTo(503);
        assertThat(body(unmuted).get("failedStores")).extracting(JsonNode::stringValue).containsExactly("redis");
        // The store that kept it keeps it in force here too.
        assertThat(silences().isMuted(LOGIN, "com.example.OrderFailure")).isTrue();
    }

    @Test
    void aRefusedParameterIsABadRequestThatNamesIt() throws Exception {
        start(EXPOSED, UNRESTRICTED);

        assertBadRequest(get("/actuator/erroralerts?limit=0"), "limit");
        assertBadRequest(get("/actuator/erroralerts?limit=lots"), "limit");
        assertBadRequest(get("/actuator/erroralerts/not-a-fingerprint"), "fingerprint");
        assertBadRequest(post("/actuator/erroralerts", "{\"duration\":\"30m\"}"), "target");
        assertBadRequest(post("/actuator/erroralerts", "{\"target\":\"order:42\",\"duration\":\"30m\"}"), "target");
        assertBadRequest(post("/actuator/erroralerts", "{\"target\":\"type:com.example.OrderFailure\","
                + "\"duration\":\"half an hour\"}"), "duration");
        assertBadRequest(post("/actuator/erroralerts", "{\"target\":\"type:com.example.OrderFailure\","
                + "\"until\":\"2000-01-01T00:00:00Z\"}"), "until");
        assertBadRequest(post("/actuator/erroralerts", "{\"target\":\"type:com.example.OrderFailure\"}"),
                "duration");
        assertBadRequest(delete("/actuator/erroralerts?target=" + query("fingerprint:42")), "target");
        assertThat(silences().active()).isEmpty();
    }

    private static void assertBadRequest(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = body(response);
        assertThat(body.get("parameter").stringValue()).isEqualTo(parameter);
        assertThat(body.get("message").stringValue()).contains(parameter);
    }

    @Test
    void secretsPlantedRawInTheHistoryNeverLeaveAndControlCharactersAreEscaped() throws Exception {
        start(EXPOSED);
        long now = System.currentTimeMillis();
        context.getBean(InMemoryHistoryStore.class).put(new HistoryEntry(LOGIN, new ErrorDetails(
                "com.example.LoginFailure",
                "login failed for password=hunter2\u0000 with Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"
                        + "\r\n\u001b[31mcard 4111 1111 1111 1111 \"quoted\" </script> \u2028 "
                        + "token: sk_live_abcdefgh12345678",
                "com.example.Login#login api_key=AKIAIOSFODNN7EXAMPLE", "shop secret=shop-s3cr3t",
                "prod\u0007 password=env-pa55"), now, now, 3, 3, 0));

        for (String path : List.of("/actuator/erroralerts", "/actuator/erroralerts/" + LOGIN.value())) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("hunter2", "eyJzdWIiOi", "c2lnbmF0dXJl", "4111 1111 1111",
                    "4111111111111111", "abcdefgh12345678", "IOSFODNN7EXAMPLE", "shop-s3cr3t", "env-pa55");
            assertThat(response.body().chars().filter((c) -> c < 0x20)).as("no raw control character").isEmpty();
        }
        JsonNode login = body(get("/actuator/erroralerts/" + LOGIN.value()));
        assertThat(login.get("sampleMessage").stringValue()).contains("password=***", "Bearer ***",
                "**** **** **** 1111", "\u001b[31m", "\r\n", "\"quoted\" </script>");
    }
}
