package dev.erroralert.slack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.slack.api.model.block.LayoutBlock;
import dev.erroralert.delivery.Digest;
import dev.erroralert.event.Origin;
import dev.erroralert.notify.Alert;
import org.jspecify.annotations.Nullable;

/**
 * How a digest of several errors reads in Slack, so the engineer on call can tell every error apart without opening
 * anything else:
 * <pre>
 * 37 new errors in the last 3 s
 * app shop · env prod
 * *IllegalStateException in OrderService#place* — 36 errors
 *   • Order 1234 not found in warehouse north — 1st occurrence  `427283cb`
 *   • Order 1235 not found in warehouse south — 2nd–5th occurrence in 1 min  `9f1e0c2a`
 *   …
 * • *TimeoutException in StockClient#reserve*: Read timed out — 1st occurrence  `01234567`
 * *812 more errors, counted by type and location*
 * • IllegalStateException in OrderService#place — 800 errors, 4,061 occurrences
 * List them all: GET /actuator/erroralerts
 * </pre>
 * Lines of one type and location are grouped under one heading; each line carries its error's masked message cut to
 * {@value #EXCERPT_LENGTH} characters, escaped like all exception text, its occurrences and its short fingerprint.
 * The message stays within Slack's limits: at most {@value SlackMessage#MAX_BLOCKS} blocks, sections of at most
 * {@value SlackMessage#MAX_TEXT_LENGTH} characters, and {@value #MAX_TOTAL_TEXT} characters of text in all; when
 * there are very many lines, they get shorter rather than fewer.
 */
final class DigestLayout {

    /** What a line shows of an error's message: enough to tell errors apart, short enough to scan. */
    static final int EXCERPT_LENGTH = 120;

    /** The longest line: room for the headline, the excerpt, the occurrences, an origin and the fingerprint. */
    static final int MAX_LINE_LENGTH = 320;

    /** The shortest a line gets when there are very many: the headline or the excerpt cut short, and the id. */
    static final int MIN_LINE_LENGTH = 48;

    /** The text of all sections together; Slack refuses much larger messages ("msg_too_long"). */
    static final int MAX_TOTAL_TEXT = 36_000;

    /** Where every error of a storm can be listed, named in a digest that had to count some. */
    static final String LIST_THEM_ALL = "List them all: `GET /actuator/erroralerts`";

    private static final String BULLET = "• ";

    private static final String NESTED_BULLET = "    • ";

    private final Digest digest;
    private final @Nullable Origin shared;

    DigestLayout(Digest digest) {
        this.digest = digest;
        this.shared = sharedOrigin(digest.named());
    }

    SlackMessage message() {
        List<LayoutBlock> blocks = new ArrayList<>(SlackMessage.MAX_BLOCKS);
        blocks.add(SlackMessage.header(title(digest)));
        if (shared != null) {
            blocks.add(SlackMessage.context(SlackMessage.origin(shared)));
        }
        boolean counts = !digest.counted().isEmpty();
        int sections = SlackMessage.MAX_BLOCKS - blocks.size() - (counts ? 1 : 0);
        int rowCount = namedRowCount() + (counts ? digest.counted().size() + 1 : 0);
        int lineLength = Math.max(MIN_LINE_LENGTH, Math.min(MAX_LINE_LENGTH, MAX_TOTAL_TEXT / rowCount - 1));
        int perSection = (SlackMessage.MAX_TEXT_LENGTH + 1) / (lineLength + 1);
        int fit = Math.min(sections * perSection, MAX_TOTAL_TEXT / (lineLength + 1));
        List<String> rows = new ArrayList<>(rowCount);
        rows.addAll(namedRows(lineLength));
        if (counts) {
            rows.add("*" + count(digest.counted().stream().mapToLong(Digest.Counted::errors).sum(), "more error")
                    + ", counted by type and location*");
            for (Digest.Counted group : digest.counted()) {
                rows.add(countedRow(group, lineLength));
            }
        }
        if (rows.size() > fit) {
            // Only a caller passing thousands of lines at once gets here; a lane passes far fewer.
            int left = rows.size() - (fit - 1);
            rows = new ArrayList<>(rows.subList(0, fit - 1));
            rows.add(SlackText.ELLIPSIS + " and " + left + " more lines");
        }
        StringBuilder section = new StringBuilder(SlackMessage.MAX_TEXT_LENGTH);
        for (String row : rows) {
            if (section.length() > 0 && section.length() + 1 + row.length() > SlackMessage.MAX_TEXT_LENGTH) {
                blocks.add(SlackMessage.section(section.toString()));
                section.setLength(0);
            }
            section.append(section.length() > 0 ? "\n" : "").append(row);
        }
        blocks.add(SlackMessage.section(section.toString()));
        if (counts) {
            blocks.add(SlackMessage.context(LIST_THEM_ALL));
        }
        return new SlackMessage(fallback(), blocks);
    }

    /** A plain, one-paragraph account for logs: the title, then headlines, occurrences and short fingerprints. */
    static String summary(Digest digest) {
        Origin shared = sharedOrigin(digest.named());
        StringBuilder text = new StringBuilder(256).append(title(digest));
        if (shared != null) {
            text.append(" — ").append(SlackMessage.plain(shared));
        }
        text.append(": ");
        List<Digest.Line> lines = digest.lines();
        for (int i = 0; i < lines.size() && text.length() < SlackMessage.MAX_SUMMARY_LENGTH; i++) {
            Digest.Line line = lines.get(i);
            text.append(i == 0 ? "" : "; ").append(line.alert().headline()).append(" (").append(line.occurrenceText())
                    .append(") [").append(line.alert().fingerprint().shortId()).append(']');
        }
        for (Digest.Counted group : digest.counted()) {
            if (text.length() >= SlackMessage.MAX_SUMMARY_LENGTH) {
                break;
            }
            text.append("; ").append(group.headline()).append(" (").append(count(group.errors(), "error"))
                    .append(" counted)");
        }
        return SlackText.truncate(SlackText.oneLine(text.toString()), SlackMessage.MAX_SUMMARY_LENGTH);
    }

    /** "7 new errors in the last 5 s", "1,000 errors in the last 8 s" when some are repeats or counted. */
    static String title(Digest digest) {
        List<Alert> named = digest.named();
        boolean allNew = digest.counted().isEmpty()
                && named.stream().allMatch(alert -> alert.decision().tally().isNew());
        String title = count(digest.errors(), allNew ? "new error" : "error");
        if (named.isEmpty()) {
            return title;
        }
        long oldest = named.stream().mapToLong(Alert::epochMillis).min().orElse(0);
        long newest = named.stream().mapToLong(Alert::epochMillis).max().orElse(0);
        return title + " in the last " + span(newest - oldest);
    }

    /** The named lines grouped by headline (type and location), in the order each group first appears. */
    private Map<String, List<Digest.Line>> groups() {
        Map<String, List<Digest.Line>> groups = new LinkedHashMap<>();
        for (Digest.Line line : digest.lines()) {
            groups.computeIfAbsent(line.alert().headline(), headline -> new ArrayList<>()).add(line);
        }
        return groups;
    }

    private int namedRowCount() {
        int rows = 0;
        for (List<Digest.Line> group : groups().values()) {
            rows += group.size() == 1 ? 1 : group.size() + 1;
        }
        return rows;
    }

    private List<String> namedRows(int lineLength) {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, List<Digest.Line>> group : groups().entrySet()) {
            List<Digest.Line> lines = group.getValue();
            if (lines.size() == 1) {
                rows.add(row(BULLET, group.getKey(), lines.get(0), lineLength));
                continue;
            }
            String heading = " — " + count(lines.size()) + " errors";
            rows.add("*" + SlackText.escape(SlackText.oneLine(group.getKey()), lineLength - heading.length() - 2)
                    + "*" + heading);
            for (Digest.Line line : lines) {
                rows.add(row(NESTED_BULLET, null, line, lineLength));
            }
        }
        return rows;
    }

    /**
     * "• *Headline*: excerpt — 2nd–5th occurrence — shop (prod)  `01234567`", or without the headline under a group's
     * heading; at most {@code maxLength} characters. The short fingerprint always stays; the details give way first,
     * then the excerpt, then the headline.
     */
    private String row(String bullet, @Nullable String headline, Digest.Line line, int maxLength) {
        Alert alert = line.alert();
        String id = "  `" + alert.fingerprint().shortId() + "`";
        StringBuilder row = new StringBuilder(maxLength).append(bullet);
        int room = maxLength - bullet.length() - id.length();
        if (headline != null) {
            // The two asterisks make it bold.
            String shown = SlackText.escape(SlackText.oneLine(headline), Math.max(1, Math.min(room - 2, 120)));
            row.append('*').append(shown).append("*: ");
            room -= shown.length() + 4;
        }
        String details = " — " + line.occurrenceText()
                + (alert.request() != null ? " — " + alert.request().describe() : "")
                + (shared == null ? " — " + SlackMessage.plain(alert.origin()) : "");
        String message = alert.error().message();
        int excerptRoom = Math.min(EXCERPT_LENGTH, room - Math.min(details.length(), room / 3));
        if (excerptRoom >= 1) {
            String excerpt = SlackText.escape(SlackText.inert(SlackText.oneLine(message == null ? "(no message)"
                    : message.strip())), excerptRoom);
            row.append(excerpt);
            room -= excerpt.length();
        }
        if (room >= 8) {
            row.append(SlackText.escape(SlackText.oneLine(details), room));
        }
        return row.append(id).toString();
    }

    private static String countedRow(Digest.Counted group, int maxLength) {
        String counts = " — " + count(group.errors(), "error") + ", " + count(group.occurrences(), "occurrence");
        return BULLET + SlackText.escape(SlackText.oneLine(group.headline()),
                Math.max(1, maxLength - BULLET.length() - counts.length())) + counts;
    }

    private String fallback() {
        StringBuilder text = new StringBuilder(256).append(title(digest));
        if (shared != null) {
            text.append(" — ").append(SlackMessage.plain(shared));
        }
        text.append(": ");
        List<Digest.Line> lines = digest.lines();
        for (int i = 0; i < lines.size() && text.length() < SlackMessage.MAX_FALLBACK_LENGTH; i++) {
            Alert alert = lines.get(i).alert();
            text.append(i == 0 ? "" : "; ").append(alert.headline());
            if (alert.error().message() != null) {
                text.append(": ").append(SlackText.truncate(SlackText.oneLine(alert.error().message()),
                        EXCERPT_LENGTH));
            }
        }
        if (!digest.counted().isEmpty()) {
            text.append(lines.isEmpty() ? "" : "; ").append("more counted by type and location");
        }
        return SlackText.escape(SlackText.oneLine(text.toString()), SlackMessage.MAX_FALLBACK_LENGTH);
    }

    /** The origin all {@code alerts} share, or {@code null} when they come from more than one (or there are none). */
    private static @Nullable Origin sharedOrigin(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return null;
        }
        Origin first = alerts.get(0).origin();
        return alerts.stream().allMatch(alert -> alert.origin().equals(first)) ? first : null;
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

    private static String count(long n) {
        // Locale.ROOT: the same text on every server.
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 error", "1,000 errors". */
    private static String count(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
