package dev.erroralert.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.testsupport.EmbeddedPostgresServer;
import dev.erroralert.testsupport.EmbeddedRedisServer;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Storms as an engineer on call meets them: a booted application with the starter, on a real Redis and PostgreSQL,
 * with default pacing, throwing hundreds of distinct new errors at once into the Slack stand-in. A few messages come,
 * each naming its errors with their messages; nothing is parked because a queue filled; past the naming budget the
 * rest is counted; and an outage during a storm ends with every error named once. (The benchmark's load driver runs
 * the full sizes: 200, 1,000 and 10,000 errors.)
 */
class SlackStormIntegrationTests {

    /** Counted lines: "• IllegalStateException in StormService#fail — 812 errors, 4,061 occurrences". */
    private static final Pattern COUNTED = Pattern.compile("• [^\\n]* — ([\\d,]+) errors?, ([\\d,]+) occurrences?");

    @AlertOnError
    static class StormService {
        public void fail(String word) {
            throw new IllegalStateException("Stock for item " + word + " could not be reserved");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class StormApplication {

        @Bean
        StormService stormService() {
            return new StormService();
        }
    }

    private static EmbeddedRedisServer redis;
    private static EmbeddedPostgresServer postgres;
    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeAll
    static void startStores() {
        redis = EmbeddedRedisServer.startNew();
        postgres = EmbeddedPostgresServer.startNew();
    }

    @AfterAll
    static void stopStores() {
        postgres.close();
        redis.close();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        slack.close();
    }

    private void boot(String... properties) {
        slack = SlackStandIn.start();
        List<String> all = new ArrayList<>(List.of("spring.application.name=storm-" + System.nanoTime(),
                "error-alert.redis.url=" + redis.uri(), "spring.datasource.url=" + postgres.jdbcUrl(),
                "error-alert.jdbc.initialize-schema=always",
                "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX")));
        all.addAll(List.of(properties));
        context = new SpringApplicationBuilder(StormApplication.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    /** A word of letters only: numbers in a message are normalised away by the fingerprint, words are not. */
    static String word(String prefix, int index) {
        StringBuilder word = new StringBuilder(prefix);
        int rest = index;
        do {
            word.append((char) ('a' + rest % 26));
            rest /= 26;
        }
        while (rest > 0);
        return word.toString();
    }

    /** {@code errors} distinct new errors, one after the other; their words start with {@code prefix}, this test's. */
    private List<String> storm(String prefix, int errors) {
        StormService service = context.getBean(StormService.class);
        List<String> words = new ArrayList<>(errors);
        for (int i = 0; i < errors; i++) {
            String word = word(prefix, i);
            words.add(word);
            assertThatThrownBy(() -> service.fail(word)).isInstanceOf(IllegalStateException.class);
        }
        return words;
    }

    /** The text of each message's blocks (not its notification fallback), decoded, in the order Slack got them. */
    private List<String> blockTexts() {
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

    /** How many times {@code word} is named across the messages: as a whole word, "itemab" not inside "itemabc". */
    private static long timesNamed(List<String> texts, String word) {
        Pattern named = Pattern.compile("\\b" + word + "\\b");
        return texts.stream().mapToLong(text -> named.matcher(text).results().count()).sum();
    }

    private static long counted(List<String> texts) {
        return countedSum(texts, 1);
    }

    private static long countedOccurrences(List<String> texts) {
        return countedSum(texts, 2);
    }

    private static long countedSum(List<String> texts, int group) {
        long counted = 0;
        for (String text : texts) {
            Matcher matcher = COUNTED.matcher(text);
            while (matcher.find()) {
                counted += Long.parseLong(matcher.group(group).replace(",", ""));
            }
        }
        return counted;
    }

    private static void assertWithinSlacksLimits(String body) {
        JsonArray blocks = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        for (JsonElement block : blocks) {
            JsonObject object = block.getAsJsonObject();
            if (object.has("text")) {
                assertThat(object.getAsJsonObject("text").get("text").getAsString()).hasSizeLessThanOrEqualTo(3_000);
            }
        }
        assertThat(body.length()).isLessThan(50_000);
    }

    @Test
    void twoHundredNewErrorsComeInAFewMessagesEachNamedWithItsMessage() {
        boot();

        List<String> words = storm("two", 200);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> texts = blockTexts();
            return words.stream().allMatch(word -> timesNamed(texts, word) > 0);
        });
        List<String> texts = blockTexts();
        assertThat(texts).hasSizeLessThanOrEqualTo(20);
        assertThat(words).allSatisfy(word -> assertThat(timesNamed(texts, word)).as(word).isEqualTo(1));
        assertThat(String.join("", texts)).contains("Stock for item twoa could not be reserved")
                .contains("*IllegalStateException in SlackStormIntegrationTests$StormService#fail* — ");
        slack.requests().forEach(request -> assertWithinSlacksLimits(request.body()));
        DeliveryEngine delivery = context.getBean(DeliveryEngine.class);
        assertThat(delivery.stats().parked()).as("parked because a queue filled").isZero();
        assertThat(delivery.stats().droppedTotal()).isZero();
    }

    @Test
    void pastTheNamingBudgetTheRestIsCountedAndTheMessageSaysHowToListThem() {
        boot("error-alert.delivery.named-errors=60");

        List<String> words = storm("budget", 300);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> texts = blockTexts();
            long named = words.stream().filter(word -> timesNamed(texts, word) > 0).count();
            return named + counted(texts) == 300;
        });
        List<String> texts = blockTexts();
        long named = words.stream().filter(word -> timesNamed(texts, word) > 0).count();
        // Past the budget an error is named only when it waits alone: a single alert stays a single alert.
        assertThat(named).isBetween(60L, 60L + alone(texts, words));
        assertThat(counted(texts)).isEqualTo(300 - named);
        assertThat(texts).hasSizeLessThanOrEqualTo(10);
        // Counted as they come: errors that arrive after a message went are counted in the next.
        assertThat(String.join("", texts)).containsPattern("more errors?, counted by type and location")
                .containsPattern("• IllegalStateException in SlackStormIntegrationTests\\$StormService#fail — "
                        + "\\d+ errors?, \\d+ occurrences?")
                .contains("List them all: `GET /actuator/erroralerts`");
        assertThat(context.getBean(AlertPipeline.class).stats().alertsSent()).isEqualTo(300);
    }

    @Test
    void aSlackOutageDuringAStormEndsWithEveryErrorNamedOnceInOrder() {
        boot();
        slack.answerByDefault(SlackStandIn.Answer.status(503, "service unavailable"));

        List<String> words = storm("outage", 120);
        DeliveryEngine delivery = context.getBean(DeliveryEngine.class);
        // The first message spends its attempts and is parked; the rest wait coalesced behind it.
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.stats().parked() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery.destinations().get(0).queued()
                + delivery.stats().parked() > 0 && context.getBean(AlertPipeline.class).stats().alertsSent() == 120);
        slack.reset();

        // Parked messages are tried again every 2 s: within a few seconds of Slack answering, all is there.
        await().atMost(Duration.ofSeconds(12)).until(() -> {
            List<String> texts = blockTexts();
            return words.stream().allMatch(word -> timesNamed(texts, word) > 0);
        });
        List<String> texts = blockTexts();
        assertThat(words).allSatisfy(word -> assertThat(timesNamed(texts, word)).as(word).isEqualTo(1));
        assertThat(texts).hasSizeLessThanOrEqualTo(8);
        assertThat(delivery.stats().parked()).isLessThanOrEqualTo(2);
        // In order: the earliest errors went first.
        assertThat(indexNaming(texts, words.get(0))).isLessThanOrEqualTo(indexNaming(texts, words.get(119)));
    }

    @Test
    void aBacklogFullOfDistinctErrorsCountsTheRestInsteadOfParkingThem() {
        boot("error-alert.delivery.queue-capacity=50");

        List<String> words = storm("full", 300);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> texts = blockTexts();
            long named = words.stream().filter(word -> timesNamed(texts, word) > 0).count();
            return named + counted(texts) == 300;
        });
        List<String> texts = blockTexts();
        assertThat(words).allSatisfy(word -> assertThat(timesNamed(texts, word)).as(word).isLessThanOrEqualTo(1));
        assertThat(words.stream().filter(word -> timesNamed(texts, word) > 0).count()).isGreaterThanOrEqualTo(50);
        assertThat(texts).hasSizeLessThanOrEqualTo(20);
        slack.requests().forEach(request -> assertWithinSlacksLimits(request.body()));
        DeliveryEngine delivery = context.getBean(DeliveryEngine.class);
        assertThat(delivery.stats().parked()).as("parked because a queue filled").isZero();
        assertThat(delivery.stats().droppedTotal()).isZero();
    }

    @Test
    void withTheBudgetSpentRepeatsOfNamedErrorsAreNamedTheRestCountedOnceAndALoneNewErrorStandsAlone() {
        boot("error-alert.delivery.named-errors=60");
        List<String> words = storm("again", 300);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> texts = blockTexts();
            return words.stream().filter(word -> timesNamed(texts, word) > 0).count() + counted(texts) == 300;
        });
        List<String> first = blockTexts();
        List<String> namedFirst = words.stream().filter(word -> timesNamed(first, word) > 0).toList();
        assertThat(namedFirst).hasSizeBetween(60, 60 + (int) alone(first, words));

        // Every error of the storm a second time: its second alert.
        storm("again", 300);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> texts = blockTexts().subList(first.size(), blockTexts().size());
            return words.stream().filter(word -> timesNamed(texts, word) > 0).count() + counted(texts) == 300;
        });
        List<String> second = blockTexts().subList(first.size(), blockTexts().size());
        // Those named before are named again, free of the budget; the others are counted (or, waiting alone, named),
        // each with the one occurrence since it was last reported, not its two.
        List<String> namedSecond = words.stream().filter(word -> timesNamed(second, word) > 0).toList();
        assertThat(namedSecond).containsAll(namedFirst).hasSizeLessThanOrEqualTo(
                namedFirst.size() + (int) alone(second, words));
        assertThat(counted(second)).isEqualTo(300 - namedSecond.size()).isGreaterThan(200);
        assertThat(countedOccurrences(second)).as("occurrences since each error was last reported")
                .isEqualTo(counted(second));
        assertThat(String.join("", second)).contains("2nd occurrence");

        // One new error, alone: it is shown as a single alert, named with its message, not counted.
        StormService service = context.getBean(StormService.class);
        int before = slack.requests().size();
        assertThatThrownBy(() -> service.fail("lonely")).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.requests().size() > before);
        String lone = blockText(slack.requests().get(before).body());
        assertThat(lone).contains("Stock for item lonely could not be reserved").doesNotContain("counted");
        assertThat(slack.requests()).hasSize(before + 1);
    }

    @Test
    void anOutageLongerThanTheOutboxCheckParksWhatWaitsCoalescedAndEndsWithEveryErrorNamedOnce() {
        boot("error-alert.delivery.outbox-check-interval=2s");
        slack.answerByDefault(SlackStandIn.Answer.status(503, "service unavailable"));

        List<String> words = storm("long", 120);
        DeliveryEngine delivery = context.getBean(DeliveryEngine.class);
        // Past the check interval, what waited behind the first parked message is parked too, a digest at a time.
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery.destinations().get(0).queued() == 0
                && context.getBean(AlertPipeline.class).stats().alertsSent() == 120 && delivery.stats().parked() > 1);
        assertThat(delivery.stats().parked()).as("digests parked, not alerts").isLessThanOrEqualTo(4);
        slack.reset();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<String> texts = blockTexts();
            return words.stream().allMatch(word -> timesNamed(texts, word) > 0);
        });
        List<String> texts = blockTexts();
        assertThat(words).allSatisfy(word -> assertThat(timesNamed(texts, word)).as(word).isEqualTo(1));
        assertThat(texts).hasSizeLessThanOrEqualTo(4);
        assertThat(indexNaming(texts, words.get(0))).isLessThanOrEqualTo(indexNaming(texts, words.get(119)));
    }

    /** Messages that name one of {@code words} alone and count nothing: single alerts. */
    private static long alone(List<String> texts, List<String> words) {
        return texts.stream().filter(text -> !COUNTED.matcher(text).find()
                && words.stream().filter(word -> timesNamed(List.of(text), word) > 0).count() == 1).count();
    }

    private static int indexNaming(List<String> texts, String word) {
        for (int i = 0; i < texts.size(); i++) {
            if (timesNamed(List.of(texts.get(i)), word) > 0) {
                return i;
            }
        }
        return -1;
    }
}
