package dev.erroralert.spring.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

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
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failures that pass through no {@code @AlertOnError} bean, in an application booted on a real Tomcat against a real
 * Redis and PostgreSQL, alerting a stand-in for Slack: each alerts once, what the application handles does not, and
 * the application's own handlers still get every exception.
 */
class CapturePointsIntegrationTests {

    static final List<String> NO_SECURITY = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet."
                    + "ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive."
                    + "ReactiveManagementWebSecurityAutoConfiguration");

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

    private void boot(String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of("spring.application.name=shop", "server.port=0",
                "error-alert.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                "error-alert.jdbc.initialize-schema=always",
                "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000",
                "error-alert.capture.logging.enabled=true", "error-alert.capture.uncaught.enabled=true",
                // No Spring Security, which the test classpath holds for the endpoint's tests.
                "spring.autoconfigure.exclude=" + String.join(",", NO_SECURITY)));
        properties.addAll(List.of(extraProperties));
        CaptureShop.handledByTheApplication.clear();
        context = new SpringApplicationBuilder(CaptureShop.class).properties(properties.toArray(String[]::new)).run();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        slack.reset();
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
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
    void anUnhandledExceptionInAnUnannotatedControllerAlertsOnceNamingTheControllerMethod() throws Exception {
        boot();

        assertThat(get("/orders/7").statusCode()).isEqualTo(500);

        // Tomcat also logs it at ERROR, and logging is captured here: still one alert.
        assertThat(alertsMentioning("order 7 lost")).singleElement().asString()
                .contains("CaptureShop$OrderController#order");
    }

    @Test
    void whatTheApplicationHandlesOrResolvesToA4xxIsNotAlerted() throws Exception {
        boot();

        assertThat(get("/handled").statusCode()).isEqualTo(500);
        assertThat(get("/missing").statusCode()).isEqualTo(404);
        assertThat(get("/unavailable").statusCode()).isEqualTo(503);

        assertThat(CaptureShop.handledByTheApplication).hasSize(1);
        assertThat(alertsMentioning("handled by the controller")).isEmpty();
        assertThat(alertsMentioning("no such order")).isEmpty();
        // A status Spring resolves but that is a 5xx is the application's failure all the same.
        assertThat(alertsMentioning("warehouse unavailable")).hasSize(1);
    }

    @Test
    void anInterceptorsExceptionAlerts() throws Exception {
        boot();

        assertThat(get("/locale?locale=@@").statusCode()).isEqualTo(500);

        assertThat(alertsMentioning("@@")).singleElement().asString().contains("IllegalArgumentException");
    }

    @Test
    void aViewThatFailsWhileRenderingAlertsOnceNamingTheControllerMethod() throws Exception {
        boot();

        assertThat(get("/receipts/5").statusCode()).isEqualTo(500);

        assertThat(alertsMentioning("receipt template 5 is broken")).singleElement().asString()
                .contains("CaptureShop$ReceiptPage#receipt").doesNotContain("ServletException");
    }

    @Test
    void failingAsyncMethodsAlertOnceAndTheApplicationsHandlerStillRuns() throws Exception {
        boot();
        CaptureShop.Mailer mailer = context.getBean(CaptureShop.Mailer.class);

        mailer.send("mail 1 bounced");
        CompletableFuture<String> later = mailer.sendLater("mail 2 bounced");

        assertThatThrownBy(later::join).hasRootCauseMessage("mail 2 bounced");
        await().atMost(Duration.ofSeconds(10)).until(() -> CaptureShop.handledByTheApplication.size() == 1);
        assertThat(CaptureShop.handledByTheApplication.get(0)).hasMessage("mail 1 bounced");
        assertThat(alertsMentioning("mail 1 bounced")).singleElement().asString()
                .contains("CaptureShop$Mailer#send");
        assertThat(alertsMentioning("mail 2 bounced")).singleElement().asString()
                .contains("CaptureShop$Mailer#sendLater");
    }

    @Test
    void aFailingScheduledMethodAlertsOnceAndTheSchedulersHandlerStillRuns() {
        boot("shop.nightly-job=true");

        await().atMost(Duration.ofSeconds(10)).until(() -> !CaptureShop.handledByTheApplication.isEmpty());
        assertThat(CaptureShop.handledByTheApplication).singleElement()
                .satisfies(error -> assertThat(error).hasMessage("nightly export failed"));
        assertThat(alertsMentioning("nightly export failed")).singleElement().asString()
                .contains("CaptureShop$NightlyJob#run");
    }

    @Test
    void aLoggedErrorAlertsOnceAtItsLoggerAndOneAlsoThrownOutOfAnAnnotatedBeanOnceInAll() throws Exception {
        boot();

        assertThat(get("/logged").statusCode()).isEqualTo(200);
        assertThat(get("/logged-and-thrown").statusCode()).isEqualTo(200);

        assertThat(alertsMentioning("reconciliation of batch")).singleElement().asString()
                .contains("Reconciliation#log");
        assertThat(alertsMentioning("ledger entry 3 rejected")).singleElement().asString()
                .contains("CaptureShop$Ledger#post");
    }

    @Test
    void aFailingMonoFromAnAnnotatedBeanAlertsWhenItFailsNotWhenItIsReturned() {
        boot();
        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        long before = pipeline.stats().captured();

        Mono<String> quote = context.getBean(CaptureShop.Quotes.class).quote("quote 5 expired");
        assertThat(pipeline.stats().captured()).isEqualTo(before);

        assertThatThrownBy(quote::block).hasMessage("quote 5 expired");
        assertThat(pipeline.stats().captured()).isEqualTo(before + 1);
        assertThat(alertsMentioning("quote 5 expired")).singleElement().asString()
                .contains("CaptureShop$Quotes#quote");
    }

    @Test
    void anUncaughtExceptionOfAnApplicationThreadAlertsAndThePreviousHandlerStillRuns() throws Exception {
        List<Throwable> previouslyHandled = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> previouslyHandled.add(error));
        try {
            boot();
            Thread worker = new Thread(() -> {
                throw new IllegalStateException("worker 4 died");
            }, "shop-worker");
            worker.start();
            worker.join();

            assertThat(previouslyHandled).singleElement()
                    .satisfies(error -> assertThat(error).hasMessage("worker 4 died"));
            assertThat(alertsMentioning("worker 4 died")).hasSize(1);
        }
        finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
    }

    @Test
    void eachCapturePointIsOffWithItsProperty() throws Exception {
        boot("shop.nightly-job=true", "error-alert.capture.mvc.enabled=false",
                "error-alert.capture.async.enabled=false", "error-alert.capture.scheduled.enabled=false",
                "error-alert.capture.logging.enabled=false", "error-alert.capture.uncaught.enabled=false");
        CaptureShop.Mailer mailer = context.getBean(CaptureShop.Mailer.class);

        assertThat(get("/orders/8").statusCode()).isEqualTo(500);
        assertThat(get("/locale?locale=@@").statusCode()).isEqualTo(500);
        assertThat(get("/logged").statusCode()).isEqualTo(200);
        mailer.send("mail 9 bounced");
        Thread worker = new Thread(() -> {
            throw new IllegalStateException("worker 9 died");
        }, "shop-worker");
        worker.start();
        worker.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> CaptureShop.handledByTheApplication.size() == 2);

        assertThat(alertsMentioning("order 8 lost")).isEmpty();
        assertThat(alertsMentioning("@@")).isEmpty();
        assertThat(alertsMentioning("reconciliation of batch")).isEmpty();
        assertThat(alertsMentioning("mail 9 bounced")).isEmpty();
        assertThat(alertsMentioning("nightly export failed")).isEmpty();
        assertThat(alertsMentioning("worker 9 died")).isEmpty();
    }
}
