package dev.erroralert.spring.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.erroralert.delivery.DeliveryStats;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application, served by Tomcat, against a real Redis and PostgreSQL: a handler's unhandled error alerts
 * once, a 404 does not, and the switch turns the capture point off.
 */
class WebFluxCaptureIntegrationTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ReactiveShop {

        @RestController
        static class StockController {

            @GetMapping("/stock/{sku}")
            Mono<String> stock(@PathVariable String sku) {
                return Mono.error(new IllegalStateException("stock of " + sku + " unreadable"));
            }

            @GetMapping("/gone")
            Mono<String> gone() {
                return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "sku gone, a 404"));
            }
        }
    }

    private EmbeddedRedisServer redis;
    private EmbeddedPostgresServer postgres;
    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void startServers() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        slack.close();
        postgres.close();
        redis.close();
    }

    private void boot(String... extra) {
        context = new SpringApplicationBuilder(ReactiveShop.class).web(WebApplicationType.REACTIVE)
                .properties("spring.application.name=stock", "server.port=0", "error-alert.redis.url=" + redis.uri(),
                        "spring.datasource.url=" + postgres.jdbcUrl(), "error-alert.jdbc.initialize-schema=always",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                        "spring.autoconfigure.exclude="
                                + String.join(",", CapturePointsIntegrationTests.NO_SECURITY))
                .properties(extra)
                .run();
    }

    private int get(String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * What Slack got about {@code text}, once everything captured was judged and delivered (closing at once could
     * park the last alerts in the outbox instead), and the application closed.
     */
    private List<String> alertsMentioning(String text) {
        if (context.isActive()) {
            AlertPipeline pipeline = context.getBean(AlertPipeline.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                PipelineStats stats = pipeline.stats();
                DeliveryStats delivery = pipeline.deliveryStats();
                return stats.judged() == stats.captured() && delivery.alertsDelivered() + delivery.parked()
                        + delivery.droppedTotal() >= stats.alertsSent();
            });
        }
        context.close();
        return slack.requests().stream().map(SlackStandIn.RecordedRequest::body)
                .filter(body -> body.contains(text)).toList();
    }

    @Test
    void aHandlersErrorAlertsOnceNamingTheHandlerAndA404DoesNot() throws Exception {
        boot();

        assertThat(get("/stock/42")).isEqualTo(500);
        assertThat(get("/gone")).isEqualTo(404);

        assertThat(alertsMentioning("stock of 42 unreadable")).singleElement().asString()
                .contains("ReactiveShop$StockController#stock")
                .contains("*request* GET /stock/{sku} → 500").doesNotContain("/stock/42");
        assertThat(alertsMentioning("sku gone")).isEmpty();
    }

    @Test
    void thePropertyTurnsItOff() throws Exception {
        boot("error-alert.capture.webflux.enabled=false");

        assertThat(get("/stock/43")).isEqualTo(500);

        assertThat(alertsMentioning("stock of 43 unreadable")).isEmpty();
    }
}
