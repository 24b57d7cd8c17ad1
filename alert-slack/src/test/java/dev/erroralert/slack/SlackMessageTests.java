package dev.erroralert.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import dev.erroralert.notify.Alert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlackMessageTests {

    private static final Pattern BROKEN_ENTITY = Pattern.compile("&(?!amp;|lt;|gt;)");

    @Test
    void readsTopToBottomAsWhatWhenWhereWhyAndWhichTrace() {
        JsonArray blocks = payload(new SampleAlert().build()).getAsJsonArray("blocks");

        assertThat(blocks).extracting(block -> block.getAsJsonObject().get("type").getAsString())
                .containsExactly("header", "section", "context", "section", "section", "section", "context");
        assertThat(text(blocks, 0)).isEqualTo("IllegalStateException in OrderService#place");
        assertThat(text(blocks, 1)).isEqualTo("*3rd occurrence in 5 min*");
        assertThat(text(blocks, 2)).isEqualTo("*app* shop  ·  *env* prod  ·  *at* com.example.OrderService#place"
                + "  ·  *thread* http-nio-8080-exec-1");
        assertThat(text(blocks, 3)).isEqualTo("```\njava.lang.IllegalStateException: Order 42 could not be placed\n```");
        assertThat(text(blocks, 4)).startsWith("*Caused by*\n```\njava.sql.SQLTransientConnectionException");
        assertThat(text(blocks, 5)).isEqualTo("*Top in-app frames*\n```\n"
                + "at com.example.OrderService.place(OrderService.java:42)\n"
                + "at com.example.OrderController.post(OrderController.java:17)\n```");
        assertThat(text(blocks, 6)).isEqualTo("*fingerprint* 01234567  ·  *traceId* " + SampleAlert.TRACE_ID);
    }

    @Test
    void leavesOutWhatTheAlertDoesNotHave() {
        JsonArray blocks = payload(new SampleAlert().environment("").message(null).causes().build())
                .getAsJsonArray("blocks");

        assertThat(blocks).hasSize(6);
        assertThat(text(blocks, 2)).doesNotContain("*env*");
        assertThat(text(blocks, 3)).isEqualTo("```\njava.lang.IllegalStateException\n```");
    }

    @Test
    void showsContextValuesInTheSameOrderEveryTime() {
        JsonArray blocks = payload(new SampleAlert()
                .context(Map.of("traceId", "t1", "spanId", "s1", "user", "u1")).build()).getAsJsonArray("blocks");

        assertThat(text(blocks, blocks.size() - 1))
                .isEqualTo("*fingerprint* 01234567  ·  *spanId* s1  ·  *traceId* t1  ·  *user* u1");
    }

    @Test
    void theFallbackIsOneLineForNotifications() {
        JsonObject payload = payload(new SampleAlert().message("first line\nsecond line").build());

        assertThat(payload.get("text").getAsString()).isEqualTo("IllegalStateException in OrderService#place"
                + " — 3rd occurrence in 5 min — shop (prod): first line second line");
        assertThat(payload.get("unfurl_links").getAsBoolean()).isFalse();
        assertThat(payload.get("unfurl_media").getAsBoolean()).isFalse();
    }

    @Test
    void markdownIsSentVerbatimSoSlackLinksNothingOnItsOwn() {
        JsonArray blocks = payload(new SampleAlert().build()).getAsJsonArray("blocks");

        for (int i = 1; i < blocks.size(); i++) {
            JsonObject block = blocks.get(i).getAsJsonObject();
            JsonObject text = block.has("text") ? block.getAsJsonObject("text")
                    : block.getAsJsonArray("elements").get(0).getAsJsonObject();
            assertThat(text.get("verbatim").getAsBoolean()).as("block %d", i).isTrue();
        }
    }

    @Test
    void severalAlertsBecomeOneDigestNamingEachOfThem() {
        List<Alert> alerts = List.of(new SampleAlert().first().fingerprint(1).at(10_000).build(),
                new SampleAlert().first().fingerprint(2).at(12_500).build(),
                new SampleAlert().first().fingerprint(3).at(14_200).build());

        JsonObject payload = payload(alerts);
        JsonArray blocks = payload.getAsJsonArray("blocks");

        assertThat(blocks).extracting(block -> block.getAsJsonObject().get("type").getAsString())
                .containsExactly("header", "context", "section");
        assertThat(text(blocks, 0)).isEqualTo("3 new errors in the last 5 s");
        assertThat(text(blocks, 1)).isEqualTo("*app* shop  ·  *env* prod");
        assertThat(text(blocks, 2)).isEqualTo(
                "• *IllegalStateException in OrderService#place* — 1st occurrence  `00000001`\n"
                        + "• *IllegalStateException in OrderService#place* — 1st occurrence  `00000002`\n"
                        + "• *IllegalStateException in OrderService#place* — 1st occurrence  `00000003`");
        assertThat(payload.get("text").getAsString()).startsWith("3 new errors in the last 5 s — shop (prod): "
                + "IllegalStateException in OrderService#place, ");
    }

    @Test
    void aDigestWithRepeatsDoesNotCallThemNew() {
        List<Alert> alerts = List.of(new SampleAlert().first().fingerprint(1).at(0).build(),
                new SampleAlert().fingerprint(2).at(300).build());

        assertThat(text(payload(alerts).getAsJsonArray("blocks"), 0)).isEqualTo("2 errors in the last 1 s");
    }

    @Test
    void aDigestFromSeveralApplicationsNamesTheOriginOnEachLine() {
        List<Alert> alerts = List.of(new SampleAlert().fingerprint(1).application("shop").build(),
                new SampleAlert().fingerprint(2).application("billing").environment("").build());

        JsonArray blocks = payload(alerts).getAsJsonArray("blocks");

        assertThat(blocks).extracting(block -> block.getAsJsonObject().get("type").getAsString())
                .containsExactly("header", "section");
        assertThat(text(blocks, 1)).isEqualTo(
                "• *IllegalStateException in OrderService#place* — 3rd occurrence in 5 min — shop (prod)  `00000001`\n"
                        + "• *IllegalStateException in OrderService#place* — 3rd occurrence in 5 min — billing  `00000002`");
    }

    @Test
    void aDigestEscapesWhatTheApplicationSays() {
        String hostile = "<!channel> <https://evil|click> & more";
        List<Alert> alerts = List.of(new SampleAlert().fingerprint(1).application(hostile).build(),
                new SampleAlert().fingerprint(2).environment(hostile).build());

        JsonObject payload = payload(alerts);

        assertThat(payload.toString()).doesNotContain("<!channel>", "<https://evil|click>");
        assertThat(text(payload.getAsJsonArray("blocks"), 1)).contains("&lt;!channel&gt; &lt;https://evil|click&gt; &amp; more");
        assertThat(payload.get("text").getAsString()).doesNotContain("<", ">");
    }

    @Test
    void thousandsOfAlertsGetShorterLinesButEachIsStillNamed() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            alerts.add(new SampleAlert().fingerprint(i).application("shop " + i + " <&> " + "x".repeat(500)).build());
        }

        JsonObject payload = payload(alerts);
        JsonArray blocks = payload.getAsJsonArray("blocks");

        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        String lines = sectionTexts(blocks);
        for (int i = 0; i < alerts.size(); i++) {
            assertThat(lines).contains(String.format("`%08x`", i));
        }
        assertThat(lines.split("\n")).hasSize(3_000)
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(SlackMessage.MAX_DIGEST_LINE_LENGTH)
                        .startsWith("• *Illegal"));
        assertWithinLimits(payload);
    }

    @Test
    void beyondWhatFiftyBlocksCanNameTheRestIsCounted() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            alerts.add(new SampleAlert().fingerprint(i).build());
        }

        JsonObject payload = payload(alerts);
        String[] lines = sectionTexts(payload.getAsJsonArray("blocks")).split("\n");

        String last = lines[lines.length - 1];
        assertThat(last).matches("… and \\d+ more");
        int counted = Integer.parseInt(last.replaceAll("\\D", ""));
        assertThat(lines.length - 1 + counted).isEqualTo(10_000);
        assertThat(lines[lines.length - 2]).contains(String.format("`%08x`", lines.length - 2));
        assertWithinLimits(payload);
    }

    @Test
    void theSummaryIsOnePlainParagraphWithCounts() {
        Alert one = new SampleAlert().message("secret detail\nsecond line").build();
        List<Alert> two = List.of(new SampleAlert().first().fingerprint(1).at(0).build(),
                new SampleAlert().first().fingerprint(2).at(2_000).application("a & <b>").build());

        assertThat(SlackMessage.summary(List.of(one))).isEqualTo(
                "IllegalStateException in OrderService#place — 3rd occurrence in 5 min — shop (prod) [01234567]");
        assertThat(SlackMessage.summary(two)).isEqualTo("2 new errors in the last 2 s: "
                + "IllegalStateException in OrderService#place (1st occurrence) [00000001]; "
                + "IllegalStateException in OrderService#place (1st occurrence) [00000002]");
    }

    @Test
    void noAlertsMakeNoMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlackMessage.of(List.of()));
    }

    static JsonObject payload(List<Alert> alerts) {
        String json = GsonFactory.createSnakeCase().toJson(SlackMessage.of(alerts).toWebhookPayload());
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** The texts of the section blocks, one line each. */
    static String sectionTexts(JsonArray blocks) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).getAsJsonObject().get("type").getAsString().equals("section")) {
                lines.append(lines.length() == 0 ? "" : "\n").append(text(blocks, i));
            }
        }
        return lines.toString();
    }

    /** At most 50 blocks, a header of at most 150 characters, texts of at most 3,000, a short fallback. */
    static void assertWithinLimits(JsonObject payload) {
        JsonArray blocks = payload.getAsJsonArray("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(text(blocks, 0)).hasSizeLessThanOrEqualTo(SlackMessage.MAX_HEADER_LENGTH);
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(text(blocks, i)).as("block %d", i).hasSizeLessThanOrEqualTo(SlackMessage.MAX_TEXT_LENGTH)
                    .doesNotContainPattern(BROKEN_ENTITY);
        }
        assertThat(payload.get("text").getAsString()).hasSizeLessThanOrEqualTo(SlackMessage.MAX_FALLBACK_LENGTH);
    }

    static JsonObject payload(Alert alert) {
        String json = GsonFactory.createSnakeCase().toJson(SlackMessage.of(alert).toWebhookPayload());
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** The text of block {@code index}: its own, or its first element's for a context block. */
    static String text(JsonArray blocks, int index) {
        JsonObject block = blocks.get(index).getAsJsonObject();
        if (block.has("text")) {
            return block.getAsJsonObject("text").get("text").getAsString();
        }
        return block.getAsJsonArray("elements").get(0).getAsJsonObject().get("text").getAsString();
    }
}
