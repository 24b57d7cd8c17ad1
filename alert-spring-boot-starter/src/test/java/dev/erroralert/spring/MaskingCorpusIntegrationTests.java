package dev.erroralert.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.MaskingCorpus;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The masking corpus ({@link MaskingCorpus}: realistic exception messages holding a secret, and ordinary ones) run
 * through the real path: each message thrown as an exception, with the message also in the MDC, captured by the
 * starter's pipeline, judged, rendered and delivered — to Slack (a local stand-in, whose requests are read as Slack
 * reads them), into the outbox (rows in a real PostgreSQL) and to the log. No secret may arrive anywhere; an
 * ordinary message arrives as it was thrown.
 */
@ExtendWith(OutputCaptureExtension.class)
class MaskingCorpusIntegrationTests {

    private static final List<MaskingCorpus.Case> CORPUS = MaskingCorpus.cases();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {
    }

    private static EmbeddedPostgresServer postgres;

    private SlackStandIn slack;

    private ConfigurableApplicationContext context;

    @BeforeAll
    static void startDatabase() {
        postgres = EmbeddedPostgresServer.startNew();
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private void boot(String... extra) {
        List<String> properties = new ArrayList<>(List.of("spring.application.name=shop",
                "error-alert.redis.enabled=false", "spring.datasource.url=" + postgres.jdbcUrl(),
                "error-alert.jdbc.initialize-schema=always", "error-alert.mdc-keys=traceId,request",
                // Every occurrence alerted, each message sent on its own rather than folded into a digest.
                "error-alert.policy.suppress-after=100000", "error-alert.delivery.messages-per-second=1000",
                "error-alert.delivery.burst=1000", "error-alert.delivery.initial-backoff=10ms",
                "error-alert.delivery.max-backoff=20ms"));
        properties.addAll(List.of(extra));
        context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new)).run();
    }

    /** Each case thrown at its own capture site (so each is an error of its own), its message also in the MDC. */
    private void throwEveryCase() {
        for (int i = 0; i < CORPUS.size(); i++) {
            throwCase(i);
        }
    }

    private void throwCase(int i) {
        String message = CORPUS.get(i).message();
        MDC.put("traceId", traceId(i));
        MDC.put("request", message);
        try {
            context.getBean(AlertPipeline.class).capture(
                    new IllegalStateException(message, new IllegalArgumentException(message)),
                    CaptureSite.of("com.example.Case" + i, "run"));
        }
        finally {
            MDC.clear();
        }
    }

    /** Where case {@code i} was thrown, as alerts and digests name it. */
    private static String site(int i) {
        return "Case" + i + "#run";
    }

    private static String traceId(int i) {
        return "corpus-case-" + i + "-end";
    }

    @Test
    void noSecretReachesSlackAndOrdinaryMessagesArriveAsThrown() {
        slack = SlackStandIn.start();
        boot("error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"));

        // One at a time, so that each alert goes as a message of its own, in full, rather than as a digest's line.
        for (int i = 0; i < CORPUS.size(); i++) {
            int sent = slack.requests().size();
            throwCase(i);
            String site = site(i);
            String text = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> received(sent, site), received -> !received.isEmpty());
            MaskingCorpus.Case corpusCase = CORPUS.get(i);
            assertThat(text).as("case %d", i).contains(traceId(i));
            if (corpusCase.holdsSecret()) {
                assertThat(text).as("case %d: %s", i, corpusCase).doesNotContain(corpusCase.secret());
            }
            else {
                assertThat(text).as("case %d", i).contains(firstLine(corpusCase.message()));
            }
        }
    }

    /** What Slack was sent after its first {@code sent} requests, in the requests that name {@code site}. */
    private String received(int sent, String site) {
        List<SlackStandIn.RecordedRequest> requests = slack.requests();
        return String.join("\n", requests.subList(sent, requests.size()).stream()
                .map(request -> slackText(request.body())).filter(text -> text.contains(site)).toList());
    }

    @Test
    void noSecretReachesTheOutbox() {
        slack = SlackStandIn.start();
        slack.answerByDefault(Answer.status(503, "down"));
        boot("error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                "error-alert.delivery.max-attempts=1");
        JdbcTemplate jdbc = new JdbcTemplate(postgres.newDataSource());

        throwEveryCase();
        // The first message is parked once its attempts are spent; the rest wait behind it in memory, and a
        // shutdown parks them too.
        await().atMost(Duration.ofSeconds(60)).until(() -> outboxText(jdbc).contains(site(0))
                && context.getBean(AlertPipeline.class).stats().alertsSent() >= CORPUS.size());
        context.close();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String rows = outboxText(jdbc);
            for (int i = 0; i < CORPUS.size(); i++) {
                assertThat(rows).contains(site(i));
            }
        });
        assertThat(outboxText(jdbc)).doesNotContain(secrets());
    }

    @Test
    void noSecretReachesTheLog(CapturedOutput output) {
        boot();

        throwEveryCase();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < CORPUS.size(); i++) {
                assertThat(output.getOut()).contains(traceId(i));
            }
        });
        assertThat(output.getAll()).doesNotContain(secrets());
    }

    /**
     * The Luhn check alone passes one random number in ten: ids and epoch milliseconds (13 to 19 digits) in the
     * messages they appear in must stay as they are, bar fewer than one in a hundred.
     */
    @Test
    void longNumericIdsAndTimestampsAreAlmostNeverReadAsCards() {
        SecretMasker masker = SecretMasker.withDefaults();
        Random random = new Random(13);
        String[] messages = { "order %s not found", "id=%s", "{\"orderId\":%s}", "event at %s dropped",
                "trace_%s failed", "ORD-%s rejected", "payment %s for order 42 failed" };
        int changed = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            String id = i % 2 == 0 ? randomDigits(random, 13 + random.nextInt(7))
                    : Long.toString(1_500_000_000_000L + (long) (random.nextDouble() * 300_000_000_000L));
            String message = String.format(messages[i % messages.length], id);
            if (!message.equals(masker.mask(message))) {
                changed++;
            }
        }
        assertThat((double) changed / total).isLessThan(0.01);
    }

    private static String randomDigits(Random random, int length) {
        StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
        for (int i = 1; i < length; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /**
     * Every string of a Slack JSON body, its entities decoded: the text Slack shows. Not the raw body, where the
     * SDK writes "=" and "'" as escapes, so a secret holding one could not be found there even when present.
     */
    private static String slackText(String body) {
        String strings = DeliveryEndToEndIntegrationTests.decoded(new SlackStandIn.RecordedRequest("POST", "/",
                Map.of(), body));
        return strings.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The outbox's rows as text: each payload as Slack would show it, and each summary. */
    private static String outboxText(JdbcTemplate jdbc) {
        return String.join("\n", jdbc.query("SELECT payload, summary FROM error_alert_outbox",
                (row, n) -> slackText(row.getString("payload")) + "\n" + row.getString("summary")));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String[] secrets() {
        return CORPUS.stream().filter(MaskingCorpus.Case::holdsSecret).map(MaskingCorpus.Case::secret)
                .toArray(String[]::new);
    }
}
