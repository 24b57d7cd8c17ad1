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
import dev.erroralert.delivery.Digest;
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
 * Several errors (waiting behind the pace) become one digest, laid out by {@link DigestLayout}: a header such as
 * "7 new errors in the last 5 s", the application and environment once when they share them, and one line per error
 * with its message; errors past a storm's naming budget are counted by type and location.
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

    /** Errors one digest names, each on a line with its message: a screenful, and well within Slack's limits. */
    public static final int MAX_ERRORS_PER_DIGEST = 50;

    /** Notifications show a line or two; the rest of a long fallback would only make the payload bigger. */
    static final int MAX_FALLBACK_LENGTH = 500;

    /** A context value (a trace id, a user id) is short; a long one is someone's payload, not worth the space. */
    static final int MAX_CONTEXT_VALUE_LENGTH = 200;

    /** A log line or an outbox listing needs the gist, not every headline of a long digest. */
    static final int MAX_SUMMARY_LENGTH = 1000;

    private static final String SEPARATOR = "  ·  ";

    /** Checks the text and copies the blocks. */
    public SlackMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
    }

    /**
     * The message for {@code digest}: the alert itself when it names one error alone, else a digest naming each error
     * on a line of its own and the errors it counts by type and location.
     */
    public static SlackMessage of(Digest digest) {
        if (digest.isSingle()) {
            Digest.Line line = digest.lines().get(0);
            return of(line.alert(), line.occurrenceText());
        }
        return new DigestLayout(digest).message();
    }

    /** The message for {@code alerts}, each named on a line of its own when there are several. */
    public static SlackMessage of(List<Alert> alerts) {
        return of(Digest.of(alerts));
    }

    /** The message for {@code alert}. */
    public static SlackMessage of(Alert alert) {
        return of(alert, alert.occurrenceText());
    }

    private static SlackMessage of(Alert alert, String occurrenceText) {
        List<LayoutBlock> blocks = new ArrayList<>(7);
        blocks.add(header(alert.headline()));
        blocks.add(section("*" + SlackText.escape(occurrenceText) + "*"));
        blocks.add(context(origin(alert)));
        ErrorSnapshot error = alert.error();
        String thrown = error.message() == null ? error.type() : error.type() + ": " + error.message();
        blocks.add(section(SlackText.codeBlock(thrown, MAX_TEXT_LENGTH)));
        if (!error.causes().isEmpty()) {
            List<String> causes = error.causes().stream().map(ErrorSnapshot.Cause::describe).toList();
            blocks.add(section(titled("*Caused by*", String.join("\n", causes))));
        }
        if (!error.frames().isEmpty()) {
            List<String> frames = error.frames().stream().map(frame -> "at " + frame).toList();
            blocks.add(section(titled("*Top in-app frames*", String.join("\n", frames))));
        }
        blocks.add(context(SlackText.truncate(identifiers(alert), MAX_TEXT_LENGTH)));
        return new SlackMessage(fallback(alert, occurrenceText), blocks);
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
     * A plain, one-paragraph account of {@code digest} for logs: headlines, occurrences, counts, short fingerprints.
     * Not escaped for Slack, and holding no exception message.
     */
    static String summary(Digest digest) {
        if (digest.isSingle()) {
            Digest.Line line = digest.lines().get(0);
            Alert alert = line.alert();
            return SlackText.truncate(SlackText.oneLine(alert.headline() + " — " + line.occurrenceText() + " — "
                    + plain(alert.origin()) + " [" + alert.fingerprint().shortId() + "]"), MAX_SUMMARY_LENGTH);
        }
        return DigestLayout.summary(digest);
    }

    /** "shop 1.4.2 (prod) on web-7", leaving out what is not known; not escaped. */
    static String plain(Origin origin) {
        StringBuilder text = new StringBuilder(64).append(origin.application());
        if (!origin.version().isEmpty()) {
            text.append(' ').append(origin.version());
        }
        if (!origin.environment().isEmpty()) {
            text.append(" (").append(origin.environment()).append(')');
        }
        if (!origin.instance().isEmpty()) {
            text.append(" on ").append(origin.instance());
        }
        return text.toString();
    }

    static String origin(Origin origin) {
        StringBuilder text = new StringBuilder(128).append("*app* ").append(inline(origin.application()));
        if (!origin.version().isEmpty()) {
            text.append(SEPARATOR).append("*version* ").append(inline(origin.version()));
        }
        if (!origin.environment().isEmpty()) {
            text.append(SEPARATOR).append("*env* ").append(inline(origin.environment()));
        }
        if (!origin.instance().isEmpty()) {
            text.append(SEPARATOR).append("*instance* ").append(inline(origin.instance()));
        }
        return text.toString();
    }

    static HeaderBlock header(String text) {
        return HeaderBlock.builder()
                .text(PlainTextObject.builder()
                        .text(SlackText.escape(SlackText.oneLine(text), MAX_HEADER_LENGTH))
                        .emoji(false)
                        .build())
                .build();
    }

    private static String origin(Alert alert) {
        StringBuilder origin = new StringBuilder(256).append(origin(alert.origin()));
        if (alert.request() != null) {
            origin.append(SEPARATOR).append("*request* ").append(inline(alert.request().describe()));
        }
        origin.append(SEPARATOR).append("*at* ").append(inline(alert.site().location()));
        origin.append(SEPARATOR).append("*thread* ").append(inline(alert.threadName()));
        return SlackText.truncate(origin.toString(), MAX_TEXT_LENGTH);
    }

    /**
     * "*fingerprint* 01234567 · *traceId* 4bf92f… · trace · runbook · *mute* …": the short fingerprint, the context
     * values, the links configured (the trace, the runbook), and how to mute the error.
     */
    private static String identifiers(Alert alert) {
        StringBuilder ids = new StringBuilder(256).append("*fingerprint* ").append(alert.fingerprint().shortId());
        // Sorted, so the same context reads the same way on every alert.
        for (Map.Entry<String, String> entry : new TreeMap<>(alert.context()).entrySet()) {
            ids.append(SEPARATOR).append('*').append(inline(entry.getKey())).append("* ")
                    .append(inline(entry.getValue()));
        }
        for (String label : List.of(Alert.Link.TRACE, Alert.Link.RUNBOOK)) {
            Alert.Link link = alert.link(label);
            if (link != null) {
                ids.append(SEPARATOR).append(link(link.url(), label));
            }
        }
        Alert.Link mute = alert.link(Alert.Link.MUTE);
        ids.append(SEPARATOR).append(mute != null ? link(mute.url(), "mute") : "*mute* " + muteHint(alert));
        return ids.toString();
    }

    /** How to mute the error through the {@code erroralerts} endpoint, for who can call it. */
    static String muteHint(Alert alert) {
        return "`POST /actuator/erroralerts {\"target\":\"fingerprint:" + alert.fingerprint().value()
                + "\",\"duration\":\"1h\"}`";
    }

    /** A Slack link; the URL was checked to be http(s) and built with encoded values, and is escaped like text. */
    private static String link(String url, String label) {
        return "<" + SlackText.escape(url) + "|" + SlackText.escape(label) + ">";
    }

    private static String inline(String value) {
        return SlackText.escape(SlackText.oneLine(value), MAX_CONTEXT_VALUE_LENGTH);
    }

    private static String titled(String title, String code) {
        return title + "\n" + SlackText.codeBlock(code, MAX_TEXT_LENGTH - title.length() - 1);
    }

    private static String fallback(Alert alert, String occurrenceText) {
        StringBuilder text = new StringBuilder(256)
                .append(alert.headline()).append(" — ").append(occurrenceText)
                .append(" — ").append(plain(alert.origin()));
        if (alert.error().message() != null) {
            text.append(": ").append(alert.error().message());
        }
        return SlackText.escape(SlackText.oneLine(text.toString()), MAX_FALLBACK_LENGTH);
    }

    static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(mrkdwn(mrkdwn)).build();
    }

    static ContextBlock context(String mrkdwn) {
        List<ContextBlockElement> elements = List.of(mrkdwn(mrkdwn));
        return ContextBlock.builder().elements(elements).build();
    }

    // Verbatim: Slack then leaves the text as written, with no automatic linking of URLs, channel names or mentions.
    private static MarkdownTextObject mrkdwn(String text) {
        return MarkdownTextObject.builder().text(text).verbatim(true).build();
    }
}
