package dev.erroralert.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.Origin;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.Reminder;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import org.jspecify.annotations.Nullable;

/**
 * One alert to deliver: what failed and where, how often, and the decision that let it through.
 *
 * @param fingerprint the problem's identity
 * @param decision the decision to send, with its counts
 * @param error the exception, read and bounded
 * @param site where it was captured
 * @param origin the application and environment
 * @param threadName the thread of the occurrence shown
 * @param context the diagnostic context values of that occurrence (trace id and the like)
 * @param windows the windows in force, for "suppressed until quiet for 30 min"
 * @param epochMillis when the occurrence shown was captured
 * @param quiet for a quiet summary, the episode that ended; {@code null} for an alert of occurrences
 * @param request the web request of the occurrence shown, route template and all (masked); {@code null} outside one
 * @param links where to look further: the trace, the runbook, where to mute it (see {@link AlertLinks})
 * @param reminder for a reminder of an error still occurring past its cap, what it counted; {@code null} otherwise
 */
public record Alert(Fingerprint fingerprint, Decision.Send decision, ErrorSnapshot error, CaptureSite site,
        Origin origin, String threadName, Map<String, String> context, DedupWindows windows, long epochMillis,
        @Nullable QuietEpisode quiet, @Nullable RequestInfo request, List<Link> links, @Nullable Reminder reminder) {

    /** The thread name a quiet summary shows: it has no occurrence of its own. */
    public static final String NO_THREAD = "-";

    /** An alert of occurrences. */
    public Alert(Fingerprint fingerprint, Decision.Send decision, ErrorSnapshot error, CaptureSite site, Origin origin,
            String threadName, Map<String, String> context, DedupWindows windows, long epochMillis) {
        this(fingerprint, decision, error, site, origin, threadName, context, windows, epochMillis, null, null,
                List.of());
    }

    /** An alert of occurrences, or with {@code quiet} a quiet summary, outside a web request. */
    public Alert(Fingerprint fingerprint, Decision.Send decision, ErrorSnapshot error, CaptureSite site, Origin origin,
            String threadName, Map<String, String> context, DedupWindows windows, long epochMillis,
            @Nullable QuietEpisode quiet) {
        this(fingerprint, decision, error, site, origin, threadName, context, windows, epochMillis, quiet, null,
                List.of());
    }

    /** An alert of occurrences, or a quiet summary, with its request and links; not a reminder. */
    public Alert(Fingerprint fingerprint, Decision.Send decision, ErrorSnapshot error, CaptureSite site, Origin origin,
            String threadName, Map<String, String> context, DedupWindows windows, long epochMillis,
            @Nullable QuietEpisode quiet, @Nullable RequestInfo request, List<Link> links) {
        this(fingerprint, decision, error, site, origin, threadName, context, windows, epochMillis, quiet, request,
                links, null);
    }

    /** A link an alert carries, labelled by what it leads to. */
    public record Link(String label, String url) {

        /** The occurrence's trace in the tracing tool. */
        public static final String TRACE = "trace";

        /** The runbook of the alert's route. */
        public static final String RUNBOOK = "runbook";

        /** Where the error is muted. */
        public static final String MUTE = "mute";

        public Link {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(url, "url");
        }
    }

    /** The link labelled {@code label}, or {@code null}. */
    public @Nullable Link link(String label) {
        for (Link link : links) {
            if (link.label().equals(label)) {
                return link;
            }
        }
        return null;
    }

    public Alert {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(threadName, "threadName");
        context = Map.copyOf(context);
        links = List.copyOf(links);
        Objects.requireNonNull(windows, "windows");
    }

    /**
     * The summary of an episode that ended with occurrences no alert was sent for: "stopped: 1,234 occurrences over
     * 47 min, 1,228 not alerted". The episode's details (masked when they were counted) show what failed and where;
     * without them, the fingerprint alone.
     *
     * @param origin the origin shown when the episode's details do not name one
     */
    public static Alert quietSummary(QuietEpisode episode, Origin origin, DedupWindows windows) {
        ErrorDetails details = episode.details();
        ErrorSnapshot error = new ErrorSnapshot(details == null ? "unknown error" : details.exceptionType(),
                details == null ? null : details.sampleMessage(), java.util.List.of(), java.util.List.of());
        Origin shown = details == null ? origin : new Origin(details.application(), details.environment());
        Tally tally = new Tally(Math.max(0, episode.occurrences() - 1), Math.max(1, episode.occurrences()),
                episode.firstSeenMillis(), "quiet");
        return new Alert(episode.fingerprint(), new Decision.Send(tally, false), error, siteOf(details), shown,
                NO_THREAD, Map.of(), windows, episode.lastSeenMillis(), episode);
    }

    /**
     * The reminder of an error still occurring past its cap: "still happening: 48,120 occurrences in the last hour,
     * 1,203,004 since 09:12 UTC". Shown like a quiet summary: the details (masked when they were counted) say what
     * fails and where; without them, the fingerprint alone.
     *
     * @param origin the origin shown when the reminder's details do not name one
     */
    public static Alert reminder(Reminder reminder, Origin origin, DedupWindows windows) {
        ErrorDetails details = reminder.details();
        ErrorSnapshot error = new ErrorSnapshot(details == null ? "unknown error" : details.exceptionType(),
                details == null ? null : details.sampleMessage(), List.of(), List.of());
        Origin shown = details == null ? origin : new Origin(details.application(), details.environment());
        // Never new: in a bot's channel the reminder is a reply in the error's thread.
        Tally tally = new Tally(Math.max(1, reminder.occurrences() - 1), Math.max(2, reminder.occurrences()),
                reminder.firstSeenMillis(), "reminder");
        return new Alert(reminder.fingerprint(), new Decision.Send(tally, false), error, siteOf(details), shown,
                NO_THREAD, Map.of(), windows, reminder.remindedAtMillis(), null, null, List.of(), reminder);
    }

    private static CaptureSite siteOf(@Nullable ErrorDetails details) {
        if (details != null) {
            String location = details.location();
            int hash = location.lastIndexOf('#');
            if (hash > 0 && hash < location.length() - 1) {
                return CaptureSite.of(location.substring(0, hash), location.substring(hash + 1));
            }
        }
        return CaptureSite.of("unknown", "unknown");
    }

    /** Whether this is a quiet summary rather than an alert of occurrences. */
    public boolean isQuietSummary() {
        return quiet != null;
    }

    /** Whether this is a reminder of an error still occurring past its cap. */
    public boolean isReminder() {
        return reminder != null;
    }

    /** The total count in the live window, as the store counted it. */
    public long count() {
        return decision.tally().count();
    }

    /** "IllegalStateException in OrderService#place". */
    public String headline() {
        String className = site.className();
        return error.simpleType() + " in " + className.substring(className.lastIndexOf('.') + 1) + "#"
                + site.methodName();
    }

    /**
     * "1st occurrence", "3rd occurrence in 5 min", and on the last alert before the cap
     * "6th occurrence in 12 min; further alerts suppressed until quiet for 30 min"; for a quiet summary
     * "Stopped: 1,234 occurrences over 47 min, 1,228 not alerted"; for a reminder "Still happening: 48,120
     * occurrences in the last hour, 1,203,004 since 09:12 UTC".
     */
    public String occurrenceText() {
        return occurrenceText(count());
    }

    /**
     * {@link #occurrenceText()} for this alert standing for several of its error's alerts that were due together,
     * from the one counted {@code fromCount}: "2nd–5th occurrence in 3 min". The same as {@link #occurrenceText()}
     * when {@code fromCount} is this alert's own count (or not below it).
     */
    public String occurrenceText(long fromCount) {
        if (quiet != null) {
            Duration span = Duration.ofMillis(Math.max(0, quiet.lastSeenMillis() - quiet.firstSeenMillis()));
            return "Stopped: " + String.format(Locale.ROOT, "%,d", quiet.occurrences()) + " occurrences over "
                    + humanDuration(span) + ", " + String.format(Locale.ROOT, "%,d", quiet.notAlerted())
                    + " not alerted";
        }
        if (reminder != null) {
            return reminderText(reminder);
        }
        StringBuilder text = new StringBuilder(32);
        if (fromCount >= 1 && fromCount < count()) {
            text.append(ordinal(fromCount)).append('–');
        }
        text.append(ordinal(count())).append(" occurrence");
        long spanMillis = epochMillis - decision.tally().firstSeenMillis();
        if (count() > 1 && spanMillis >= 0) {
            text.append(" in ").append(humanDuration(Duration.ofMillis(spanMillis)));
        }
        if (decision.capped()) {
            text.append("; further alerts suppressed until quiet for ").append(humanDuration(windows.repeat()));
        }
        return text.toString();
    }

    private static String reminderText(Reminder reminder) {
        Duration span = Duration.ofMillis(Math.max(0, reminder.remindedAtMillis() - reminder.sinceMillis()));
        String last = switch (humanDuration(span)) {
            case "1 h" -> "hour";
            case "1 d" -> "day";
            default -> humanDuration(span);
        };
        Instant first = Instant.ofEpochMilli(reminder.firstSeenMillis());
        boolean sameDay = first.atZone(ZoneOffset.UTC).toLocalDate()
                .equals(Instant.ofEpochMilli(reminder.remindedAtMillis()).atZone(ZoneOffset.UTC).toLocalDate());
        // UTC, as every instance of a fleet would say it; the date only when it is not today's.
        String since = DateTimeFormatter.ofPattern(sameDay ? "HH:mm" : "yyyy-MM-dd HH:mm", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(first) + " UTC";
        return "Still happening: " + String.format(Locale.ROOT, "%,d", reminder.occurrencesSince())
                + " occurrences in the last " + last + ", " + String.format(Locale.ROOT, "%,d", reminder.occurrences())
                + " since " + since;
    }

    /**
     * For a quiet summary, what the error's first alert can be changed to say: "Resolved after 47 min", from its first
     * occurrence to its last.
     *
     * @throws IllegalStateException when this is not a quiet summary
     */
    public String resolvedText() {
        if (quiet == null) {
            throw new IllegalStateException("Only a quiet summary tells that an error was resolved");
        }
        return "Resolved after "
                + humanDuration(Duration.ofMillis(Math.max(0, quiet.lastSeenMillis() - quiet.firstSeenMillis())));
    }

    static String ordinal(long n) {
        long lastTwo = n % 100;
        String suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        // Locale.ROOT: the text is the same on every server, never "1.234th" where the default locale is German.
        return String.format(Locale.ROOT, "%,d", n) + suffix;
    }

    /** "less than 1 min", "5 min", "2 h 5 min", "3 d 4 h". */
    static String humanDuration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            long seconds = duration.toSeconds();
            return seconds < 1 ? "less than 1 s" : seconds + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        if (hours < 24) {
            long rest = minutes % 60;
            return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
        }
        long rest = hours % 24;
        return rest == 0 ? duration.toDays() + " d" : duration.toDays() + " d " + rest + " h";
    }
}
