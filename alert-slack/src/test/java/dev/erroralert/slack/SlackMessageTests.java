package dev.erroralert.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import dev.erroralert.delivery.Digest;
import dev.erroralert.event.Origin;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.Reminder;
import dev.erroralert.notify.Alert;
import dev.erroralert.policy.DedupWindows;
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
        assertThat(text(blocks, 6)).isEqualTo("*fingerprint* 01234567  ·  *traceId* " + SampleAlert.TRACE_ID
                + "  ·  " + MUTE_HINT);
    }

    /** How the default sample alert says to mute it, without a mute link configured. */
    private static final String MUTE_HINT = "*mute* `POST /actuator/erroralerts {\"target\":\"fingerprint:"
            + SampleAlert.FINGERPRINT + "\",\"duration\":\"1h\"}`";

    @Test
    void namesTheRequestTheReleaseAndTheInstanceAndLinksTheTraceAndTheRunbook() {
        JsonArray blocks = payload(new SampleAlert().release("1.4.2", "web-7").request("GET", "/owners/{ownerId}", 500)
                .links(new Alert.Link(Alert.Link.TRACE, "https://tempo.example.com/t?id=" + SampleAlert.TRACE_ID
                        + "&org=1"), new Alert.Link(Alert.Link.RUNBOOK, "https://wiki.example.com/rb/orders"),
                        new Alert.Link(Alert.Link.MUTE, "https://ops.example.com/mute/" + SampleAlert.FINGERPRINT))
                .build()).getAsJsonArray("blocks");

        assertThat(text(blocks, 2)).isEqualTo("*app* shop  ·  *version* 1.4.2  ·  *env* prod  ·  *instance* web-7"
                + "  ·  *request* GET /owners/{ownerId} → 500  ·  *at* com.example.OrderService#place"
                + "  ·  *thread* http-nio-8080-exec-1");
        assertThat(text(blocks, 6)).isEqualTo("*fingerprint* 01234567  ·  *traceId* " + SampleAlert.TRACE_ID
                + "  ·  <https://tempo.example.com/t?id=" + SampleAlert.TRACE_ID + "&amp;org=1|trace>"
                + "  ·  <https://wiki.example.com/rb/orders|runbook>"
                + "  ·  <https://ops.example.com/mute/" + SampleAlert.FINGERPRINT + "|mute>");
    }

    @Test
    void aDigestLineNamesItsRequestAndAnOriginOfManyInstancesNamesEach() {
        List<Alert> alerts = List.of(
                new SampleAlert().fingerprint(1).release("1.4.2", "web-7").request("GET", "/owners/{ownerId}", 500)
                        .build(),
                new SampleAlert().fingerprint(2).release("1.4.2", "web-8").request("POST", null, 0).build());

        String section = text(payload(alerts).getAsJsonArray("blocks"), 1);

        assertThat(section).contains("• Order 42 could not be placed — 3rd occurrence in 5 min"
                + " — GET /owners/{ownerId} → 500 — shop 1.4.2 (prod) on web-7  `00000001`")
                .contains(" — POST (no route) — shop 1.4.2 (prod) on web-8  `00000002`");
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
                .isEqualTo("*fingerprint* 01234567  ·  *spanId* s1  ·  *traceId* t1  ·  *user* u1  ·  " + MUTE_HINT);
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
    void severalAlertsBecomeOneDigestNamingEachErrorWithItsMessage() {
        List<Alert> alerts = List.of(
                new SampleAlert().first().fingerprint(1).at(10_000).message("Order 1 not found in warehouse north").build(),
                new SampleAlert().first().fingerprint(2).at(12_500).message("Order 2 not found in warehouse south").build(),
                new SampleAlert().first().fingerprint(3).at(14_200).message(null).build());

        JsonObject payload = payload(alerts);
        JsonArray blocks = payload.getAsJsonArray("blocks");

        assertThat(blocks).extracting(block -> block.getAsJsonObject().get("type").getAsString())
                .containsExactly("header", "context", "section");
        assertThat(text(blocks, 0)).isEqualTo("3 new errors in the last 5 s");
        assertThat(text(blocks, 1)).isEqualTo("*app* shop  ·  *env* prod");
        assertThat(text(blocks, 2)).isEqualTo(
                "*IllegalStateException in OrderService#place* — 3 errors\n"
                        + "    • Order 1 not found in warehouse north — 1st occurrence  `00000001`\n"
                        + "    • Order 2 not found in warehouse south — 1st occurrence  `00000002`\n"
                        + "    • (no message) — 1st occurrence  `00000003`");
        assertThat(payload.get("text").getAsString()).isEqualTo("3 new errors in the last 5 s — shop (prod): "
                + "IllegalStateException in OrderService#place: Order 1 not found in warehouse north; "
                + "IllegalStateException in OrderService#place: Order 2 not found in warehouse south; "
                + "IllegalStateException in OrderService#place");
    }

    @Test
    void linesOfOneTypeAndLocationAreGroupedAndAnErrorAloneCarriesItsHeadline() {
        List<Alert> alerts = List.of(
                new SampleAlert().first().fingerprint(1).message("a").build(),
                new SampleAlert().first().fingerprint(2).type("java.util.concurrent.TimeoutException")
                        .site("com.example.StockClient", "reserve").message("Read timed out").build(),
                new SampleAlert().first().fingerprint(3).message("b").build());

        assertThat(sectionTexts(payload(alerts).getAsJsonArray("blocks"))).isEqualTo(
                "*IllegalStateException in OrderService#place* — 2 errors\n"
                        + "    • a — 1st occurrence  `00000001`\n"
                        + "    • b — 1st occurrence  `00000003`\n"
                        + "• *TimeoutException in StockClient#reserve*: Read timed out — 1st occurrence  `00000002`");
    }

    @Test
    void anErrorsAlertsDueTogetherAreOneLineWithTheirRange() {
        Alert fifth = new SampleAlert().fingerprint(1).message("x").build();
        Digest digest = new Digest(List.of(new Digest.Line(fifth, 2),
                new Digest.Line(new SampleAlert().first().fingerprint(2).message("y").build(), 1)), List.of(), 5);

        assertThat(sectionTexts(payload(digest).getAsJsonArray("blocks")))
                .contains("    • x — 2nd–3rd occurrence in 5 min  `00000001`")
                .contains("    • y — 1st occurrence  `00000002`");
        assertThat(text(payload(new Digest(List.of(new Digest.Line(fifth, 2)), List.of(), 2))
                .getAsJsonArray("blocks"), 1)).isEqualTo("*2nd–3rd occurrence in 5 min*");
    }

    @Test
    void aReminderInADigestIsOneLineSayingTheErrorIsStillHappening() {
        Alert reminder = Alert.reminder(new Reminder(new Fingerprint("00000007" + "0".repeat(24)), 0, 3_600_000,
                7_200_000, 9_000, 4_000, new ErrorDetails("java.lang.IllegalStateException", "stock <low> & gone",
                        "com.example.OrderService#place", "shop", "prod")),
                new Origin("shop", "prod"), new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30)));
        List<Alert> alerts = List.of(new SampleAlert().first().fingerprint(1).message("a").build(), reminder);

        assertThat(sectionTexts(payload(alerts).getAsJsonArray("blocks"))).contains(
                "    • stock &lt;low&gt; &amp; gone — Still happening: 4,000 occurrences in the last hour, 9,000 since "
                        + "00:00 UTC  `00000007`");
    }

    @Test
    void errorsPastTheNamingBudgetAreCountedAndTheMessageSaysHowToListThem() {
        Digest digest = new Digest(List.of(new Digest.Line(new SampleAlert().first().fingerprint(1).build(), 1)),
                List.of(new Digest.Counted("IllegalStateException", "OrderService#place", 812, 4_061),
                        new Digest.Counted("TimeoutException", "StockClient#reserve", 3, 3)), 816);

        JsonArray blocks = payload(digest).getAsJsonArray("blocks");

        assertThat(text(blocks, 0)).isEqualTo("816 errors in the last 1 s");
        assertThat(sectionTexts(blocks)).endsWith("*815 more errors, counted by type and location*\n"
                + "• IllegalStateException in OrderService#place — 812 errors, 4,061 occurrences\n"
                + "• TimeoutException in StockClient#reserve — 3 errors, 3 occurrences");
        assertThat(text(blocks, blocks.size() - 1)).isEqualTo("List them all: `GET /actuator/erroralerts`");
        assertThat(SlackMessage.summary(digest)).endsWith(
                "; IllegalStateException in OrderService#place (812 errors counted); "
                        + "TimeoutException in StockClient#reserve (3 errors counted)");
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
        assertThat(text(blocks, 1)).isEqualTo("*IllegalStateException in OrderService#place* — 2 errors\n"
                + "    • Order 42 could not be placed — 3rd occurrence in 5 min — shop (prod)  `00000001`\n"
                + "    • Order 42 could not be placed — 3rd occurrence in 5 min — billing  `00000002`");
    }

    @Test
    void aDigestEscapesWhatTheApplicationAndTheExceptionSay() {
        String hostile = "<!channel> <https://evil|click> & more";
        List<Alert> alerts = List.of(new SampleAlert().fingerprint(1).application(hostile).message(hostile).build(),
                new SampleAlert().fingerprint(2).environment(hostile).message("line one\n• forged line").build());

        JsonObject payload = payload(alerts);

        assertThat(payload.toString()).doesNotContain("<!channel>", "<https://evil|click>");
        assertThat(sectionTexts(payload.getAsJsonArray("blocks")))
                .contains("&lt;!channel&gt; &lt;https://evil|click&gt; &amp; more")
                .contains("line one • forged line")
                .hasLineCount(3);
        assertThat(payload.get("text").getAsString()).doesNotContain("<", ">");
    }

    @Test
    void anExcerptCannotFormatItsLineNorSwallowTheFingerprintIntoCode() {
        List<Alert> alerts = List.of(new SampleAlert().fingerprint(1).message("run `rm *now* _x_ ~y~").build(),
                new SampleAlert().fingerprint(2).message("plain").build());

        String[] lines = sectionTexts(payload(alerts).getAsJsonArray("blocks")).split("\n");

        assertThat(lines[1]).startsWith("    • run \u02CBrm \u2217now\u2217 \u02CDx\u02CD \u223Cy\u223C — ")
                .endsWith("  `00000001`");
        assertThat(lines[1].chars().filter(c -> c == '`').count()).isEqualTo(2);
    }

    @Test
    void oneErrorIsCalledOneError() {
        Digest digest = new Digest(List.of(),
                List.of(new Digest.Counted("IllegalStateException", "OrderService#place", 1, 1)), 1);

        JsonArray blocks = payload(digest).getAsJsonArray("blocks");

        assertThat(text(blocks, 0)).isEqualTo("1 error");
        assertThat(sectionTexts(blocks)).isEqualTo("*1 more error, counted by type and location*\n"
                + "• IllegalStateException in OrderService#place — 1 error, 1 occurrence");
    }

    @Test
    void aLongMessageIsCutToAnExcerptOnItsLine() {
        List<Alert> alerts = List.of(new SampleAlert().fingerprint(1).message("m".repeat(5_000)).build(),
                new SampleAlert().fingerprint(2).message("short").build());

        String[] lines = sectionTexts(payload(alerts).getAsJsonArray("blocks")).split("\n");

        assertThat(lines[1]).contains("m".repeat(DigestLayout.EXCERPT_LENGTH - 1) + "…")
                .doesNotContain("m".repeat(DigestLayout.EXCERPT_LENGTH))
                .hasSizeLessThanOrEqualTo(DigestLayout.MAX_LINE_LENGTH).endsWith("`00000001`");
    }

    @Test
    void aFullDigestOfLongMessagesNamesEveryErrorWithinSlacksLimits() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < SlackMessage.MAX_ERRORS_PER_DIGEST; i++) {
            // Each a type and place of its own: no grouping, every line its own headline, excerpt and origin.
            alerts.add(new SampleAlert().fingerprint(i).type("com.example.Failure" + i + "Exception")
                    .site("com.example.Service" + i, "call").application("shop " + i + " <&> " + "x".repeat(500))
                    .message(i + " " + "<&>".repeat(400)).build());
        }
        Digest digest = new Digest(Digest.of(alerts).lines(), List.of(new Digest.Counted("E", "S#m", 5, 5)),
                alerts.size() + 5);

        JsonObject payload = payload(digest);
        String lines = sectionTexts(payload.getAsJsonArray("blocks"));

        for (int i = 0; i < alerts.size(); i++) {
            assertThat(lines).contains(String.format("Failure%dException in Service%d#call*: %d &lt;&amp;&gt;", i,
                    i, i)).contains(String.format("`%08x`", i));
        }
        assertWithinLimits(payload);
        assertThat(payload.toString().length()).isLessThan(DigestLayout.MAX_TOTAL_TEXT + 10_000);
    }

    @Test
    void thousandsOfLinesAtOnceStayWithinLimitsAndCountWhatIsLeftOut() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            alerts.add(new SampleAlert().fingerprint(i).build());
        }

        JsonObject payload = payload(alerts);
        String[] lines = sectionTexts(payload.getAsJsonArray("blocks")).split("\n");

        String last = lines[lines.length - 1];
        assertThat(last).matches("… and \\d+ more lines");
        // The group's heading is a line too.
        assertThat(lines.length - 2 + Integer.parseInt(last.replaceAll("\\D", ""))).isEqualTo(10_000);
        assertWithinLimits(payload);
    }

    @Test
    void theSummaryIsOnePlainParagraphWithCounts() {
        Alert one = new SampleAlert().message("secret detail\nsecond line").build();
        List<Alert> two = List.of(new SampleAlert().first().fingerprint(1).at(0).build(),
                new SampleAlert().first().fingerprint(2).at(2_000).application("a & <b>").build());

        assertThat(SlackMessage.summary(Digest.of(one))).isEqualTo(
                "IllegalStateException in OrderService#place — 3rd occurrence in 5 min — shop (prod) [01234567]");
        assertThat(SlackMessage.summary(Digest.of(two))).isEqualTo("2 new errors in the last 2 s: "
                + "IllegalStateException in OrderService#place (1st occurrence) [00000001]; "
                + "IllegalStateException in OrderService#place (1st occurrence) [00000002]");
    }

    @Test
    void noAlertsMakeNoMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlackMessage.of(List.of()));
    }

    static JsonObject payload(List<Alert> alerts) {
        return payload(Digest.of(alerts));
    }

    static JsonObject payload(Digest digest) {
        String json = GsonFactory.createSnakeCase().toJson(SlackMessage.of(digest).toWebhookPayload());
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
