package dev.erroralert.spring.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.erroralert.delivery.DeliveryStats;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an alert tells the on-call about where it came from, in an application booted on a real Tomcat against a real
 * Redis and PostgreSQL, alerting a stand-in for Slack: the request's method, route template and status (never its raw
 * path, query or headers), the instance and the release, a link to the trace, and how to mute the error.
 */
class AlertContextIntegrationTests {

    private static EmbeddedRedisServer redis;
    private static EmbeddedPostgresServer postgres;
    private static SlackStandIn slack;

    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext context;

    @BeforeAll
    static void startServers() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
    }

    @AfterAll
    static void stopServers() {
        slack.close();
        postgres.close();
        redis.close();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        slack.reset();
    }

    private void boot(String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("spring.application.name=petclinic-" + System.nanoTime(),
                "server.port=0", "error-alert.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                "error-alert.jdbc.initialize-schema=always",
                "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000",
                "spring.info.build.location=classpath:dev/erroralert/spring/capture/build-info.properties",
                "spring.autoconfigure.exclude=" + String.join(",", CapturePointsIntegrationTests.NO_SECURITY)));
        properties.addAll(List.of(extraProperties));
        context = new SpringApplicationBuilder(CaptureShop.class).properties(properties.toArray(String[]::new)).run();
    }

    private int get(String pathAndQuery) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Authorization", "Bearer hdr-secret-7f3a9c")
                .header("X-Api-Key", "hdr-key-51b2e0").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The text of every block of every message Slack got, once all captured was judged and delivered. */
    private List<String> messages() {
        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            PipelineStats stats = pipeline.stats();
            DeliveryStats delivery = pipeline.deliveryStats();
            return stats.judged() == stats.captured() && stats.alertsSent() > 0
                    && delivery.alertsDelivered() >= stats.alertsSent();
        });
        return slack.requests().stream().map(request -> blockText(request.body())).toList();
    }

    private static String blockText(String body) {
        StringBuilder text = new StringBuilder();
        for (JsonElement block : JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("blocks")) {
            JsonObject object = block.getAsJsonObject();
            JsonObject textObject = object.has("text") ? object.getAsJsonObject("text")
                    : object.getAsJsonArray("elements").get(0).getAsJsonObject();
            text.append(textObject.get("text").getAsString()).append('\n');
        }
        return text.toString();
    }

    @Test
    void anAlertFromARequestNamesItsMethodRouteTemplateAndStatusAndNeverThePathQueryOrHeaders() throws Exception {
        boot("error-alert.instance=web-7");

        assertThat(get("/owners/99999?access_token=qry-secret-2d41")).isEqualTo(500);

        List<String> messages = messages();
        assertThat(messages).singleElement().asString()
                .contains("*request* GET /owners/{ownerId} → 500")
                .contains("*version* 2.7.1").contains("*instance* web-7")
                .doesNotContain("/owners/99999", "qry-secret-2d41", "hdr-secret-7f3a9c", "hdr-key-51b2e0");
        assertThat(String.join("", slack.requests().stream().map(SlackStandIn.RecordedRequest::body).toList()))
                .doesNotContain("99999", "qry-secret", "hdr-secret", "hdr-key");
    }

    @Test
    void aFailureInAnAnnotatedServiceNamesTheRouteItServedSoTwoRoutesOfOneOwnerAreToldApart() throws Exception {
        boot("error-alert.version=3.0.0-rc1", "error-alert.instance=web-8");

        assertThat(get("/owners/99999/edit")).isEqualTo(500);

        // Captured in the service, before the response had a status: the route, without one.
        assertThat(messages()).singleElement().asString()
                .contains("*request* GET /owners/{ownerId}/edit  ·  ")
                .contains("CaptureShop$Ledger#post")
                .contains("*version* 3.0.0-rc1").contains("*instance* web-8")
                .doesNotContain("/owners/99999", "→");
    }

    @Test
    void aTraceLinkTemplateBecomesALinkWithTheTraceIdAndEveryAlertSaysHowToMuteIt() throws Exception {
        boot("error-alert.links.trace=https://tempo.example.com/explore?trace={traceId}&org=1",
                "error-alert.links.runbooks.payments=https://wiki.example.com/runbooks/payments",
                "error-alert.links.runbook=https://wiki.example.com/runbooks/{fingerprint}");

        assertThat(get("/owners/1")).isEqualTo(500);

        String alert = messages().get(0);
        assertThat(alert)
                .contains("<https://tempo.example.com/explore?trace=" + CaptureShop.TRACE_ID + "&amp;org=1|trace>")
                .containsPattern("<https://wiki\\.example\\.com/runbooks/[0-9a-f]{32}\\|runbook>")
                .containsPattern("\\*mute\\* `POST /actuator/erroralerts \\{\"target\":\"fingerprint:[0-9a-f]{32}\","
                        + "\"duration\":\"1h\"}`");
    }
}
