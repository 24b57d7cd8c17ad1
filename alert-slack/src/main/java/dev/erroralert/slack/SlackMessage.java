package dev.erroralert.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.webhook.Payload;
import dev.erroralert.event.Origin;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The Slack message alerts become: Block Kit blocks for the channel and a plain-text fallback for notifications.
 * <p>
 * One alert's blocks show, in order: the headline (exception type and capture site), how often and since when, where
 * it came from (application, environment, capture location, thread), the exception and its message, the causes, the
 * top in-app frames, and the context values (trace id and the like) with the short fingerprint.
 * <p>
 * Several alerts (queued behind the pace) become one digest: a header such as "7 new errors in the last 5 s", the
 * application and environment once when they share them, and one line per alert (headline, occurrence, short
 * fingerprint). Every alert passed in is named; when there are very many, the lines get shorter rather than fewer.
 * <p>
 * Every piece of text from the exception or the application is escaped ({@link SlackText}), and the message stays
 * within Slack's limits: a header of at most {@value #MAX_HEADER_LENGTH} characters, texts of at most
 * {@value #MAX_TEXT_LENGTH}, and at most {@value #MAX_BLOCKS} blocks.
 *
 * @param text the fallback shown in notifications and where blocks cannot be shown
 * @param blocks the Block Kit blocks
 */
public record SlackMessage(String text, List<LayoutBlock> blocks) {

    /** The longest text Slack accepts in a header block. */
    public static final int MAX_HEADER_LENGTH = 150;

    /** The longest text Slack accepts in a section or context text object. */
    public static final int MAX_TEXT_LENGTH = 3000;

    /** The most blocks Slack accepts in one message. */
    public static final int MAX_BLOCKS = 50;

    /** Notifications show a line or two; the rest of a long fallback would only make the payload bigger. */
    static final int MAX_FALLBACK_LENGTH = 500;

    /** A context value (a trace id, a user id) is short; a long one is someone's payload, not worth the space. */
    static final int MAX_CONTEXT_VALUE_LENGTH = 200;

    /** A digest line is short enough to scan; this leaves room for an origin on each line when they differ. */
    static final int MAX_DIGEST_LINE_LENGTH = 300;

    /** The shortest a digest line gets: a bullet, the headline cut short and the short fingerprint. */
    static final int MIN_DIGEST_LINE_LENGTH = 24;

    /** A log line or an outbox listing needs the gist, not every headline of a long digest. */
    static final int MAX_SUMMARY_LENGTH = 1000;

    private static final String SEPARATOR = "  ·  ";

    private static final String BULLET = "• ";

    // Details cut to fewer characters than this say nothing; the line then ends after the headline.
    private static final int MIN_DETAILS_LENGTH = 10;

    /** Checks the text and copies the blocks. */
    public SlackMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
    }

    /**
     * The message for {@code alerts}: the alert itself when there is one, a digest naming each when there are several.
     *
     * @throws IllegalArgumentException if {@code alerts} is empty
     */
    public static SlackMessage of(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("A message carries at least one alert");
        }
        return alerts.size() == 1 ? of(alerts.get(0)) : digest(alerts);
    }

    /** The message for {@code alert}. */
    public static SlackMessage of(Alert alert) {
        List<LayoutBlock> blocks = new ArrayList<>(7);
        blocks.add(header(alert.headline()));
        blocks.add(section("*" + SlackText.escape(alert.occurrenceText()) + "*"));
        blocks.add(context(origin(alert)));
        ErrorSnapshot error = alert.error();
        String thrown = error.message() == null ? error.type() : error.type() + ": " + error.message();
        blocks.add(section(SlackText.codeBlock(thrown, MAX_TEXT_LENGTH)));
        if (!error.causes().isEmpty()) {
            blocks.add(section(titled("*Caused by*", String.join("\n", error.causes()))));
        }
        if (!error.frames().isEmpty()) {
            List<String> frames = error.frames().stream().map(frame -> "at " + frame).toList();
            blocks.add(section(titled("*Top in-app frames*", String.join("\n", frames))));
        }
        blocks.add(context(SlackText.truncate(identifiers(alert), MAX_TEXT_LENGTH)));
        return new SlackMessage(fallback(alert), blocks);
    }

    /** This message as an incoming webhook's payload, with link previews off (the links are not ours). */
    public Payload toWebhookPayload() {
        return Payload.builder()
                .text(text)
                .blocks(blocks)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build();
    }

    /**
     * A plain, one-paragraph account of {@code alerts} for logs: headlines, occurrences, counts, short fingerprints.
     * Not escaped for Slack, and holding no exception message.
     */
    static String summary(List<Alert> alerts) {
        if (alerts.size() == 1) {
            Alert alert = alerts.get(0);
            return SlackText.truncate(SlackText.oneLine(alert.headline() + " — " + alert.occurrenceText() + " — "
                    + plain(alert.origin()) + " [" + alert.fingerprint().shortId() + "]"), MAX_SUMMARY_LENGTH);
        }
        Origin shared = sharedOrigin(alerts);
        StringBuilder text = new StringBuilder(256).append(digestTitle(alerts));
        if (shared != null) {
            text.append(" — ").append(plain(shared));
        }
        text.append(": ");
        for (int i = 0; i < alerts.size() && text.length() < MAX_SUMMARY_LENGTH; i++) {
            Alert alert = alerts.get(i);
            text.append(i == 0 ? "" : "; ").append(alert.headline()).append(" (").append(alert.occurrenceText())
                    .append(") [").append(alert.fingerprint().shortId()).append(']');
        }
        return SlackText.truncate(SlackText.oneLine(text.toString()), MAX_SUMMARY_LENGTH);
    }

    private static SlackMessage digest(List<Alert> alerts) {
        Origin shared = sharedOrigin(alerts);
        List<LayoutBlock> blocks = new ArrayList<>(MAX_BLOCKS);
        blocks.add(header(digestTitle(alerts)));
        if (shared != null) {
            blocks.add(context(origin(shared)));
        }
        // Two blocks are kept for the header and the origin; the lines share the rest. The line length is chosen so
        // that even a section per block holds them all: p lines per section fit in 3,000 characters when each is
        // shorter than 3,001 / p.
        int sections = MAX_BLOCKS - 2;
        int perSection = (alerts.size() + sections - 1) / sections;
        int lineLength = Math.min(MAX_DIGEST_LINE_LENGTH, (MAX_TEXT_LENGTH + 1) / perSection - 1);
        int named = alerts.size();
        if (lineLength < MIN_DIGEST_LINE_LENGTH) {
            // Thousands of alerts: far beyond what a lane passes at once. The rest is counted on the last line.
            lineLength = MIN_DIGEST_LINE_LENGTH;
            named = sections * ((MAX_TEXT_LENGTH + 1) / (lineLength + 1)) - 1;
        }
        List<String> lines = new ArrayList<>(named + 1);
        for (int i = 0; i < named; i++) {
            lines.add(digestLine(alerts.get(i), shared == null, lineLength));
        }
        if (named < alerts.size()) {
            lines.add(SlackText.ELLIPSIS + " and " + (alerts.size() - named) + " more");
        }
        StringBuilder section = new StringBuilder(MAX_TEXT_LENGTH);
        for (String line : lines) {
            if (section.length() > 0 && section.length() + 1 + line.length() > MAX_TEXT_LENGTH) {
                blocks.add(section(section.toString()));
                section.setLength(0);
            }
            section.append(section.length() > 0 ? "\n" : "").append(line);
        }
        blocks.add(section(section.toString()));
        return new SlackMessage(digestFallback(alerts, shared), blocks);
    }

    /** "7 new errors in the last 5 s", or "7 errors …" when some of them are repeats. */
    private static String digestTitle(List<Alert> alerts) {
        boolean allNew = alerts.stream().allMatch(alert -> alert.decision().tally().isNew());
        long oldest = alerts.stream().mapToLong(Alert::epochMillis).min().orElse(0);
        long newest = alerts.stream().mapToLong(Alert::epochMillis).max().orElse(0);
        return alerts.size() + (allNew ? " new errors" : " errors") + " in the last " + span(newest - oldest);
    }

    /** A span rounded up to a whole unit: "1 s" for anything under a second, "5 s", "3 min", "2 h". */
    private static String span(long millis) {
        long seconds = Math.max(1, (millis + 999) / 1000);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return (minutes + 59) / 60 + " h";
    }

    /**
     * "• *IllegalStateException in OrderService#place* — 3rd occurrence in 5 min  `01234567`", at most
     * {@code maxLength} characters. The short fingerprint always stays: the details give way first, then the headline.
     */
    private static String digestLine(Alert alert, boolean withOrigin, int maxLength) {
        String id = "  `" + alert.fingerprint().shortId() + "`";
        // The two asterisks around the headline make it bold.
        int room = maxLength - BULLET.length() - id.length() - 2;
        String headline = SlackText.escape(SlackText.oneLine(alert.headline()), room);
        StringBuilder line = new StringBuilder(maxLength).append(BULLET).append('*').append(headline).append('*');
        room -= headline.length();
        if (room >= MIN_DETAILS_LENGTH) {
            String details = " — " + alert.occurrenceText() + (withOrigin ? " — " + plain(alert.origin()) : "");
            line.append(SlackText.escape(SlackText.oneLine(details), room));
        }
        return line.append(id).toString();
    }

    private static String digestFallback(List<Alert> alerts, @Nullable Origin shared) {
        StringBuilder text = new StringBuilder(256).append(digestTitle(alerts));
        if (shared != null) {
            text.append(" — ").append(plain(shared));
        }
        text.append(": ");
        for (int i = 0; i < alerts.size() && text.length() < MAX_FALLBACK_LENGTH; i++) {
            text.append(i == 0 ? "" : ", ").append(alerts.get(i).headline());
        }
        return SlackText.escape(SlackText.oneLine(text.toString()), MAX_FALLBACK_LENGTH);
    }

    /** The origin all {@code alerts} share, or {@code null} when they come from more than one. */
    private static @Nullable Origin sharedOrigin(List<Alert> alerts) {
        Origin first = alerts.get(0).origin();
        return alerts.stream().allMatch(alert -> alert.origin().equals(first)) ? first : null;
    }

    /** "shop (prod)", or "shop" without an environment; not escaped. */
    private static String plain(Origin origin) {
        return origin.environment().isEmpty() ? origin.application()
                : origin.application() + " (" + origin.environment() + ")";
    }

    private static String origin(Origin origin) {
        StringBuilder text = new StringBuilder(128).append("*app* ").append(inline(origin.application()));
        if (!origin.environment().isEmpty()) {
            text.append(SEPARATOR).append("*env* ").append(inline(origin.environment()));
        }
        return text.toString();
    }

    private static HeaderBlock header(String text) {
        return HeaderBlock.builder()
                .text(PlainTextObject.builder()
                        .text(SlackText.escape(SlackText.oneLine(text), MAX_HEADER_LENGTH))
                        .emoji(false)
                        .build())
                .build();
    }

    private static String origin(Alert alert) {
        StringBuilder origin = new StringBuilder(256).append(origin(alert.origin()));
        origin.append(SEPARATOR).append("*at* ").append(inline(alert.site().location()));
        origin.append(SEPARATOR).append("*thread* ").append(inline(alert.threadName()));
        return SlackText.truncate(origin.toString(), MAX_TEXT_LENGTH);
    }

    private static String identifiers(Alert alert) {
        StringBuilder ids = new StringBuilder(128).append("*fingerprint* ").append(alert.fingerprint().shortId());
        // Sorted, so the same context reads the same way on every alert.
        for (Map.Entry<String, String> entry : new TreeMap<>(alert.context()).entrySet()) {
            ids.append(SEPARATOR).append('*').append(inline(entry.getKey())).append("* ")
                    .append(inline(entry.getValue()));
        }
        return ids.toString();
    }

    private static String inline(String value) {
        return SlackText.escape(SlackText.oneLine(value), MAX_CONTEXT_VALUE_LENGTH);
    }

    private static String titled(String title, String code) {
        return title + "\n" + SlackText.codeBlock(code, MAX_TEXT_LENGTH - title.length() - 1);
    }

    private static String fallback(Alert alert) {
        StringBuilder text = new StringBuilder(256)
                .append(alert.headline()).append(" — ").append(alert.occurrenceText())
                .append(" — ").append(plain(alert.origin()));
        if (alert.error().message() != null) {
            text.append(": ").append(alert.error().message());
        }
        return SlackText.escape(SlackText.oneLine(text.toString()), MAX_FALLBACK_LENGTH);
    }

    private static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(mrkdwn(mrkdwn)).build();
    }

    private static ContextBlock context(String mrkdwn) {
        List<ContextBlockElement> elements = List.of(mrkdwn(mrkdwn));
        return ContextBlock.builder().elements(elements).build();
    }

    // Verbatim: Slack then leaves the text as written, with no automatic linking of URLs, channel names or mentions.
    private static MarkdownTextObject mrkdwn(String text) {
        return MarkdownTextObject.builder().text(text).verbatim(true).build();
    }
}
