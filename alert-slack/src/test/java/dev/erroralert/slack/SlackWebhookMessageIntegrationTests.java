package dev.erroralert.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import dev.erroralert.notify.ErrorSnapshot;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import dev.erroralert.testsupport.SlackStandIn.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a single alert looks like when it reaches the webhook: Block Kit, escaped, within Slack's limits. */
class SlackWebhookMessageIntegrationTests {

    private static final String SECRET_PATH = "/services/T0SECRET/B0SECRET/xSECRETx";

    private static final String HOSTILE = "<!channel> <!here> <@U123> <https://evil|click> & more";

    private static final Pattern BROKEN_ENTITY = Pattern.compile("&(?!amp;|lt;|gt;)");

    private SlackStandIn slack;

    private SlackWebhookDestination destination;

    @BeforeEach
    void startSlack() {
        slack = SlackStandIn.start();
        destination = new SlackWebhookDestination("default", slack.url(SECRET_PATH));
    }

    @AfterEach
    void stopSlack() throws Exception {
        destination.close();
        slack.close();
    }

    private JsonObject received() throws InterruptedException {
        return JsonParser.parseString(slack.awaitRequests(1, Duration.ofSeconds(5)).get(0).body()).getAsJsonObject();
    }

    private void send(dev.erroralert.notify.Alert alert) throws Exception {
        destination.deliver(destination.render(List.of(alert)));
    }

    @Test
    void postsTheAlertAsBlockKitToTheWebhook() throws Exception {
        send(new SampleAlert().build());

        RecordedRequest request = slack.awaitRequests(1, Duration.ofSeconds(5)).get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(SECRET_PATH);
        assertThat(request.header("content-type")).startsWith("application/json");
        JsonObject payload = JsonParser.parseString(request.body()).getAsJsonObject();
        assertThat(payload.get("text").getAsString()).contains("IllegalStateException in OrderService#place",
                "3rd occurrence in 5 min", "shop (prod)", "Order 42 could not be placed");
        JsonArray blocks = payload.getAsJsonArray("blocks");
        assertThat(blocks.get(0).getAsJsonObject().get("type").getAsString()).isEqualTo("header");
        assertThat(SlackMessageTests.text(blocks, 0)).isEqualTo("IllegalStateException in OrderService#place");
        assertThat(String.join("\n", texts(payload))).contains("3rd occurrence in 5 min", "*app* shop", "*env* prod",
                "java.lang.IllegalStateException: Order 42 could not be placed",
                "java.sql.SQLTransientConnectionException: pool exhausted",
                "at com.example.OrderService.place(OrderService.java:42)", "*traceId* " + SampleAlert.TRACE_ID,
                "*fingerprint* 01234567");
    }

    @Test
    void theCappedAlertSaysFurtherAlertsAreSuppressed() throws Exception {
        send(new SampleAlert().capped().build());

        JsonObject payload = received();
        assertThat(SlackMessageTests.text(payload.getAsJsonArray("blocks"), 1))
                .isEqualTo("*6th occurrence in 12 min; further alerts suppressed until quiet for 30 min*");
        assertThat(payload.get("text").getAsString()).contains("further alerts suppressed until quiet for 30 min");
    }

    @Test
    void mentionsAndLinksFromTheApplicationOrTheExceptionArriveEscaped() throws Exception {
        send(new SampleAlert()
                .application("shop " + HOSTILE)
                .environment("prod " + HOSTILE)
                .message("boom " + HOSTILE)
                .causes(new ErrorSnapshot.Cause("java.io.IOException", HOSTILE))
                .context(Map.of("traceId", HOSTILE))
                .threadName("worker " + HOSTILE)
                .build());

        String body = slack.awaitRequests(1, Duration.ofSeconds(5)).get(0).body();
        assertThat(body).doesNotContain("<!channel>", "<!here>", "<@U123>", "<https://evil|click>");
        List<String> texts = texts(JsonParser.parseString(body).getAsJsonObject());
        // Decoded by the JSON parser, the texts hold no control character but those of their entities.
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain("<", ">")
                .doesNotContainPattern(BROKEN_ENTITY));
        String escaped = "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil|click&gt; &amp; more";
        assertThat(texts).filteredOn(text -> text.contains(escaped))
                .as("the fallback, the origin line, the message, the cause and the context all escaped")
                .hasSize(5);
    }

    @Test
    void aMegabyteMessageArrivesCutToSlacksLimits() throws Exception {
        String huge = ("<!channel> & 😀 " + "x".repeat(100)).repeat(8_000);
        send(new SampleAlert().message(huge).causes(new ErrorSnapshot.Cause("java.io.IOException", huge)).build());

        String body = slack.awaitRequests(1, Duration.ofSeconds(5)).get(0).body();
        assertThat(body.length()).isLessThan(40_000);
        JsonObject payload = JsonParser.parseString(body).getAsJsonObject();
        JsonArray blocks = payload.getAsJsonArray("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(SlackMessageTests.text(blocks, 0)).hasSizeLessThanOrEqualTo(SlackMessage.MAX_HEADER_LENGTH);
        assertThat(texts(payload)).allSatisfy(text -> assertThat(text)
                .hasSizeLessThanOrEqualTo(SlackMessage.MAX_TEXT_LENGTH)
                .doesNotContainPattern(BROKEN_ENTITY));
        assertThat(SlackMessageTests.text(blocks, 3)).startsWith("```\njava.lang.IllegalStateException: &lt;!channel")
                .endsWith("…\n```");
        assertThat(payload.get("text").getAsString()).hasSizeLessThanOrEqualTo(500).endsWith("…");
    }

    @Test
    void tripleBackticksInTheMessageDoNotCloseItsCodeBlock() throws Exception {
        send(new SampleAlert().message("before ```\n*now formatted* <!channel>\n``` after").build());

        String section = SlackMessageTests.text(received().getAsJsonArray("blocks"), 3);
        assertThat(section).startsWith("```\n").endsWith("\n```");
        assertThat(section.substring(4, section.length() - 4)).doesNotContain("```")
                .contains("*now formatted* &lt;!channel&gt;");
    }

    private static void assertNoSecretIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain("SECRET");
            assertThat(t.toString()).doesNotContain("SECRET");
        }
    }

    /** Every "text" string in the payload: the fallback, the header and each text object of every block. */
    private static List<String> texts(JsonObject payload) {
        List<String> texts = new ArrayList<>();
        collectTexts(payload, texts);
        return texts;
    }

    private static void collectTexts(JsonElement element, List<String> texts) {
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                if (member.getKey().equals("text") && member.getValue().isJsonPrimitive()) {
                    texts.add(member.getValue().getAsString());
                }
                else {
                    collectTexts(member.getValue(), texts);
                }
            }
        }
        else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(child -> collectTexts(child, texts));
        }
    }
}
