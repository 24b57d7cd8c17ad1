package dev.erroralert.slack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.event.Origin;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.Reminder;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.delivery.Message;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import dev.erroralert.testsupport.InMemoryThreadStore;
import dev.erroralert.testsupport.SlackStandIn;
import dev.erroralert.testsupport.SlackStandIn.Answer;
import dev.erroralert.testsupport.SlackStandIn.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SlackBotDestinationIntegrationTests {

    private static final String TOKEN = "xoxb-1234-5678-SECRETtokenSECRET";

    private static final String CHANNEL = "C0ALERTS";

    private static final String FIRST_TS = "1700000000.000100";

    private static final Fingerprint FINGERPRINT = new Fingerprint(SampleAlert.FINGERPRINT);

    private final InMemoryThreadStore threads = new InMemoryThreadStore();

    private SlackStandIn standIn;

    private Slack slack;

    private SlackBotDestination bot;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void startSlack() {
        standIn = SlackStandIn.start();
        slack = SlackClients.create(Duration.ofSeconds(5));
        slack.getConfig().setMethodsEndpointUrlPrefix(standIn.url("/api/"));
        bot = new SlackBotDestination("alerts", TOKEN, CHANNEL, threads, slack);
    }

    @AfterEach
    void stopSlack() throws Exception {
        botLogger().detachAppender(log);
        bot.close();
        slack.close();
        standIn.close();
    }

    @Test
    void theFirstAlertOfAnErrorGoesToTheChannelAndItsTsIsRemembered() throws Exception {
        // The Web API client posts a form, with booleans as 0 and 1.
        standIn.answerNext(posted(FIRST_TS));

        bot.deliver(bot.render(List.of(new SampleAlert().first().build())));

        RecordedRequest request = standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0);
        assertThat(request.path()).isEqualTo("/api/chat.postMessage");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        Map<String, String> form = request.form();
        assertThat(form).containsEntry("channel", CHANNEL).containsEntry("unfurl_links", "0")
                .containsEntry("unfurl_media", "0").containsEntry("reply_broadcast", "0")
                .doesNotContainKey("thread_ts").doesNotContainKey("token");
        assertThat(form.get("text")).startsWith("IllegalStateException in OrderService#place — 1st occurrence");
        assertThat(JsonParser.parseString(form.get("blocks")).getAsJsonArray().get(0).getAsJsonObject()
                .get("type").getAsString()).isEqualTo("header");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue(FIRST_TS);
    }

    @Test
    void aRepeatIsAReplyInTheErrorsThread() throws Exception {
        standIn.answerNext(posted(FIRST_TS), posted("1700000060.000200"));
        bot.deliver(bot.render(List.of(new SampleAlert().first().build())));

        bot.deliver(bot.render(List.of(new SampleAlert().build())));

        Map<String, String> reply = standIn.awaitRequests(2, Duration.ofSeconds(5)).get(1).form();
        assertThat(reply).containsEntry("channel", CHANNEL).containsEntry("thread_ts", FIRST_TS)
                .containsEntry("reply_broadcast", "0");
        assertThat(reply.get("text")).contains("3rd occurrence in 5 min");
        // A reply does not take the thread over.
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue(FIRST_TS);
    }

    @Test
    void theCappedAlertIsAReplyThatIsAlsoShownInTheChannel() throws Exception {
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        standIn.answerNext(posted("1700000700.000600"));

        bot.deliver(bot.render(List.of(new SampleAlert().capped().build())));

        Map<String, String> reply = standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form();
        assertThat(reply).containsEntry("thread_ts", FIRST_TS).containsEntry("reply_broadcast", "1");
        assertThat(reply.get("text")).contains("further alerts suppressed until quiet for 30 min");
    }

    @Test
    void afterARestartTheThreadIsFoundAgain() throws Exception {
        standIn.answerNext(posted(FIRST_TS), posted("1700000060.000200"));
        bot.deliver(bot.render(List.of(new SampleAlert().first().build())));
        bot.close();

        try (SlackBotDestination restarted = new SlackBotDestination("alerts", TOKEN, CHANNEL, threads, slack)) {
            restarted.deliver(restarted.render(List.of(new SampleAlert().build())));
        }

        assertThat(standIn.awaitRequests(2, Duration.ofSeconds(5)).get(1).form()).containsEntry("thread_ts", FIRST_TS);
    }

    @Test
    void aRepeatWhoseThreadIsNotKnownStartsOne() throws Exception {
        standIn.answerNext(posted("1700000300.000300"));

        bot.deliver(bot.render(List.of(new SampleAlert().build())));

        assertThat(standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form()).doesNotContainKey("thread_ts");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue("1700000300.000300");
    }

    @Test
    void aNewErrorStartsANewThreadEvenWhereAnOldOneIsRemembered() throws Exception {
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        standIn.answerNext(posted("1700009000.000900"));

        bot.deliver(bot.render(List.of(new SampleAlert().first().build())));

        assertThat(standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form()).doesNotContainKey("thread_ts");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue("1700009000.000900");
    }

    @Test
    void aDigestGoesToTheChannelAndStartsNoThread() throws Exception {
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        standIn.answerNext(posted("1700000400.000400"));
        List<Alert> alerts = List.of(new SampleAlert().build(), new SampleAlert().first().fingerprint(2).build(),
                new SampleAlert().first().fingerprint(3).build());

        Message digest = bot.render(alerts);
        bot.deliver(digest);

        Map<String, String> form = standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form();
        assertThat(form).containsEntry("channel", CHANNEL).doesNotContainKey("thread_ts");
        assertThat(form.get("text")).startsWith("3 errors in the last");
        assertThat(form.get("blocks")).contains("`01234567`", "`00000002`", "`00000003`");
        assertThat(digest.alerts()).isEqualTo(3);
        assertThat(threads.threadOf(new Fingerprint(String.format("%08x", 2) + "0".repeat(24)), "alerts")).isEmpty();
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue(FIRST_TS);
    }

    @Test
    void thePayloadSaysWhereTheMessageGoesAndWhichThreadItOpens() {
        Message opener = bot.render(List.of(new SampleAlert().first().build()));
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        Message capped = bot.render(List.of(new SampleAlert().capped().build()));

        JsonObject envelope = JsonParser.parseString(opener.payload()).getAsJsonObject();
        assertThat(envelope.get("version").getAsInt()).isEqualTo(1);
        assertThat(envelope.get("opens_thread_for").getAsString()).isEqualTo(SampleAlert.FINGERPRINT);
        assertThat(envelope.getAsJsonObject("body").get("channel").getAsString()).isEqualTo(CHANNEL);
        assertThat(envelope.getAsJsonObject("body").has("thread_ts")).isFalse();
        JsonObject reply = JsonParser.parseString(capped.payload()).getAsJsonObject();
        assertThat(reply.has("opens_thread_for")).isFalse();
        assertThat(reply.getAsJsonObject("body").get("thread_ts").getAsString()).isEqualTo(FIRST_TS);
        assertThat(reply.getAsJsonObject("body").get("reply_broadcast").getAsBoolean()).isTrue();
        assertThat(opener.payload() + opener.summary() + capped.payload() + capped.summary()).doesNotContain("SECRET");
    }

    @Test
    void aMessageRenderedBeforeARestartOpensItsThreadWhenDeliveredAfter() throws Exception {
        // As the outbox does: the first alert is parked while Slack is down, and delivered by a new instance later.
        Message parked = bot.render(List.of(new SampleAlert().first().build()));
        standIn.answerNext(posted(FIRST_TS));

        try (SlackBotDestination restarted = new SlackBotDestination("alerts", TOKEN, CHANNEL, threads, slack)) {
            restarted.deliver(parked);
        }

        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue(FIRST_TS);
    }

    @Test
    void aFailingThreadStoreDoesNotStopDeliveryAndIsLoggedOnce() throws Exception {
        log.start();
        botLogger().addAppender(log);
        threads.goDown();
        standIn.answerNext(posted(FIRST_TS), posted("1700000060.000200"), posted("1700000120.000300"));

        bot.deliver(bot.render(List.of(new SampleAlert().first().build())));
        bot.deliver(bot.render(List.of(new SampleAlert().build())));
        bot.deliver(bot.render(List.of(new SampleAlert().capped().build())));

        assertThat(standIn.awaitRequests(3, Duration.ofSeconds(5)))
                .allSatisfy(request -> assertThat(request.form()).containsEntry("channel", CHANNEL)
                        .doesNotContainKey("thread_ts"));
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).contains("thread store", "alerts")
                        .doesNotContain("SECRET"));
        threads.comeBack();
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).isEmpty();
    }

    @Test
    void whileTheThreadStoreIsDownARepeatDoesNotReplaceTheThreadOnceItIsBack() throws Exception {
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        threads.goDown();
        Message repeat = bot.render(List.of(new SampleAlert().build()));
        threads.comeBack();
        standIn.answerNext(posted("1700000060.000200"));

        bot.deliver(repeat);

        assertThat(standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form()).doesNotContainKey("thread_ts");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).hasValue(FIRST_TS);
    }

    @Test
    void aChannelThatIsNotFoundIsRefusedForGood() {
        standIn.answerNext(Answer.json("{\"ok\":false,\"error\":\"channel_not_found\"}"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
        assertThat(failure).hasMessage("Slack chat.postMessage to C0ALERTS refused the message: channel_not_found");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "not_authed", "token_revoked", "not_in_channel", "is_archived",
            "msg_too_long", "invalid_blocks"})
    void aRefusalIsForGood(String error) {
        standIn.answerNext(Answer.json("{\"ok\":false,\"error\":\"" + error + "\"}"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
        assertThat(failure).hasMessageEndingWith(": " + error);
        assertNoTokenIn(failure);
    }

    @Test
    void aRateLimitSaysHowLongToWait() {
        standIn.answerNext(Answer.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "3"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(failure).hasMessageContaining("answered 429: ratelimited").hasMessageContaining("retry after 3 s");
        assertNoTokenIn(failure);
    }

    @Test
    void aServerErrorIsWorthAnotherTry() {
        standIn.answerNext(Answer.status(503, "upstream connect error"));

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(failure).hasMessageContaining("answered 503");
        assertNoTokenIn(failure);
    }

    @Test
    void slacksInternalErrorIsWorthAnotherTry() {
        standIn.answerNext(Answer.json("{\"ok\":false,\"error\":\"internal_error\"}"));

        assertThat(deliveryFailure().kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
    }

    @Test
    void anAnswerThatIsNotTheWebApisIsWorthAnotherTry() {
        standIn.answerNext(Answer.ok());

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertNoTokenIn(failure);
    }

    @Test
    void anUnreachableSlackIsWorthAnotherTry() {
        standIn.close();

        DeliveryException failure = deliveryFailure();

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.RETRYABLE);
        assertThat(failure).hasMessageContaining("could not be reached");
        assertNoTokenIn(failure);
    }

    @Test
    void aPayloadItDidNotWriteIsRefusedWithoutCallingSlack() {
        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> bot.deliver(new Message("alerts", "{\"text\":\"hello\"}", "hello", 1)));

        assertThat(failure.kind()).isEqualTo(DeliveryException.Kind.PERMANENT);
        assertThat(standIn.requests()).isEmpty();
    }

    @Test
    void theTokenIsNeverShown() {
        assertThat(bot).hasToString("SlackBotDestination[name=alerts, channel=C0ALERTS, token=xoxb-***]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SlackBotDestination("alerts", " " + TOKEN, CHANNEL, threads, slack))
                .withMessageNotContaining("SECRET");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SlackBotDestination("alerts", TOKEN, "", threads, slack))
                .withMessageNotContaining("SECRET");
    }

    private DeliveryException deliveryFailure() {
        return catchThrowableOfType(DeliveryException.class,
                () -> bot.deliver(bot.render(List.of(new SampleAlert().first().build()))));
    }

    // 2026-12-05 09:12 UTC, the first occurrence of the burning error below.
    private static final long NINE_TWELVE = Instant.parse("2026-12-05T09:12:00Z").toEpochMilli();

    private static final DedupWindows WINDOWS = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));

    private static final ErrorDetails DETAILS = new ErrorDetails("java.lang.IllegalStateException",
            "order <n> & co not found", "com.example.OrderService#place", "orders", "prod");

    private static Alert quietSummary(Map<String, String> threads) {
        return Alert.quietSummary(new QuietEpisode(FINGERPRINT, NINE_TWELVE, NINE_TWELVE + 47 * 60_000, 1_234, 6,
                DETAILS, threads), new Origin("orders", "prod"), WINDOWS);
    }

    @Test
    void aReminderIsAReplyInTheErrorsThreadEscapedLikeEveryAlert() throws Exception {
        threads.rememberThread(FINGERPRINT, "alerts", FIRST_TS);
        standIn.answerNext(posted("1700003600.000700"));
        long now = NINE_TWELVE + 5 * 3_600_000L;
        Alert reminder = Alert.reminder(new Reminder(FINGERPRINT, NINE_TWELVE, now - 3_600_000, now, 1_203_004,
                48_120, DETAILS), new Origin("orders", "prod"), WINDOWS);

        bot.deliver(bot.render(List.of(reminder)));

        Map<String, String> reply = standIn.awaitRequests(1, Duration.ofSeconds(5)).get(0).form();
        assertThat(reply).containsEntry("thread_ts", FIRST_TS).containsEntry("reply_broadcast", "0");
        assertThat(reply.get("text")).contains(
                "Still happening: 48,120 occurrences in the last hour, 1,203,004 since 09:12 UTC");
        assertThat(reply.get("blocks")).contains("order &lt;n&gt; &amp; co not found")
                .doesNotContain("order <n>");
    }

    @Test
    void theQuietSummaryGoesToTheEpisodesThreadAndMarksItsFirstMessageResolved() throws Exception {
        standIn.answerNext(posted("1700003000.000800"), posted(FIRST_TS));

        bot.deliver(bot.render(List.of(quietSummary(Map.of("alerts", FIRST_TS, "other", "1600000000.000100")))));

        List<RecordedRequest> requests = standIn.awaitRequests(2, Duration.ofSeconds(5));
        assertThat(requests.get(0).path()).isEqualTo("/api/chat.postMessage");
        Map<String, String> summary = requests.get(0).form();
        assertThat(summary).containsEntry("thread_ts", FIRST_TS).containsEntry("reply_broadcast", "0");
        assertThat(summary.get("text")).contains("Stopped: 1,234 occurrences over 47 min, 1,228 not alerted");
        assertThat(requests.get(1).path()).isEqualTo("/api/chat.update");
        Map<String, String> update = requests.get(1).form();
        assertThat(update).containsEntry("channel", CHANNEL).containsEntry("ts", FIRST_TS);
        assertThat(update.get("text")).startsWith("Resolved after 47 min — IllegalStateException in OrderService#place");
        assertThat(update.get("blocks")).contains(":white_check_mark: *Resolved after 47 min*")
                .contains("order &lt;n&gt; &amp; co not found");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).as("the episode is over: no thread taken over").isEmpty();
    }

    @Test
    void aQuietSummaryWhoseThreadIsNotKnownGoesToTheChannelAndEditsNothing() throws Exception {
        standIn.answerNext(posted("1700003000.000800"));

        // Delivery is synchronous: an update would have been requested before it returned.
        bot.deliver(bot.render(List.of(quietSummary(Map.of()))));

        List<RecordedRequest> requests = standIn.requests();
        assertThat(requests).extracting(RecordedRequest::path).containsExactly("/api/chat.postMessage");
        assertThat(requests.get(0).form()).doesNotContainKey("thread_ts");
        assertThat(threads.threadOf(FINGERPRINT, "alerts")).isEmpty();
    }

    @Test
    void aRefusedUpdateOfTheFirstMessageLeavesTheSummaryDelivered() throws Exception {
        standIn.answerNext(posted("1700003000.000800"),
                Answer.json("{\"ok\":false,\"error\":\"message_not_found\"}"));

        bot.deliver(bot.render(List.of(quietSummary(Map.of("alerts", FIRST_TS)))));

        assertThat(standIn.awaitRequests(2, Duration.ofSeconds(5))).extracting(RecordedRequest::path)
                .containsExactly("/api/chat.postMessage", "/api/chat.update");
    }

    private static Answer posted(String ts) {
        return Answer.json("{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + ts + "\"}");
    }

    private static void assertNoTokenIn(Throwable failure) {
        assertThat(failure.getMessage()).doesNotContain("SECRET");
        assertThat(failure.toString()).doesNotContain("SECRET");
    }

    private static Logger botLogger() {
        return (Logger) LoggerFactory.getLogger(SlackBotDestination.class);
    }
}
