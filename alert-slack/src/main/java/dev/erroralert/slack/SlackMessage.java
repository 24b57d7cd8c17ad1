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
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;

/**
 * The Slack message an alert becomes: Block Kit blocks for the channel and a plain-text fallback for notifications.
 * <p>
 * The blocks show, in order: the headline (exception type and capture site), how often and since when, where it
 * came from (application, environment, capture location, thread), the exception and its message, the causes, the
 * top in-app frames, and the context values (trace id and the like) with the short fingerprint. Every piece of
 * text from the exception or the application is escaped ({@link SlackText}), and the message stays within Slack's
 * limits: a header of at most {@value #MAX_HEADER_LENGTH} characters, texts of at most
 * {@value #MAX_TEXT_LENGTH}, and seven blocks at most where {@value #MAX_BLOCKS} are allowed.
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

    private static final String SEPARATOR = "  ·  ";

    public SlackMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
    }

    /** The message for {@code alert}. */
    public static SlackMessage of(Alert alert) {
        List<LayoutBlock> blocks = new ArrayList<>(7);
        blocks.add(HeaderBlock.builder()
                .text(PlainTextObject.builder()
                        .text(SlackText.escape(SlackText.oneLine(alert.headline()), MAX_HEADER_LENGTH))
                        .emoji(false)
                        .build())
                .build());
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

    private static String origin(Alert alert) {
        StringBuilder origin = new StringBuilder(256);
        origin.append("*app* ").append(inline(alert.origin().application()));
        if (!alert.origin().environment().isEmpty()) {
            origin.append(SEPARATOR).append("*env* ").append(inline(alert.origin().environment()));
        }
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
                .append(" — ").append(alert.origin().application());
        if (!alert.origin().environment().isEmpty()) {
            text.append(" (").append(alert.origin().environment()).append(')');
        }
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
