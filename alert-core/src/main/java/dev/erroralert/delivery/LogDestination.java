package dev.erroralert.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.erroralert.notify.Alert;
import dev.erroralert.notify.ErrorSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application log as a destination (logger {@code dev.erroralert.alerts}), so the library works before any Slack
 * setting exists. Also the last resort for a message no destination and no outbox took: then it is logged in full at
 * ERROR. Every piece of exception text is escaped, so a message cannot forge log lines.
 */
public final class LogDestination implements Destination {

    private static final Logger alerts = LoggerFactory.getLogger("dev.erroralert.alerts");

    private final String name;

    public LogDestination() {
        this("log");
    }

    public LogDestination(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Message render(Digest digest) {
        if (digest.isSingle()) {
            Digest.Line line = digest.lines().get(0);
            return new Message(name, format(line), headlineOf(line), digest.alerts());
        }
        StringBuilder text = new StringBuilder("[error-alert] ").append(String.format(Locale.ROOT, "%,d",
                digest.errors())).append(" errors:");
        for (Digest.Line line : digest.lines()) {
            text.append("\n").append(format(line));
        }
        for (Digest.Counted group : digest.counted()) {
            text.append("\n").append(countedLine(group));
        }
        String first = digest.lines().isEmpty() ? countedLine(digest.counted().get(0))
                : headlineOf(digest.lines().get(0));
        return new Message(name, text.toString(), digest.errors() + " errors, first " + first, digest.alerts());
    }

    @Override
    public void deliver(Message message) {
        if (alerts.isWarnEnabled()) {
            alerts.warn(message.payload());
        }
    }

    /** Log {@code alerts} in full at ERROR with the reason they reached no destination: never silence. */
    public static void logUndelivered(List<Alert> batch, String destination, String reason) {
        logUndelivered(Digest.of(batch), destination, reason);
    }

    /** Log {@code digest} in full at ERROR with the reason it reached no destination: never silence. */
    public static void logUndelivered(Digest digest, String destination, String reason) {
        for (Digest.Line line : digest.lines()) {
            alerts.error("Alert could not be delivered to {} ({}): {}", LogText.oneLine(destination),
                    LogText.oneLine(reason), format(line));
        }
        for (Digest.Counted group : digest.counted()) {
            alerts.error("Alerts could not be delivered to {} ({}): {}", LogText.oneLine(destination),
                    LogText.oneLine(reason), countedLine(group));
        }
    }

    /** Log a parked message its destination refused for good, and which was removed from the outbox. */
    public static void logRefused(Message message, String reason) {
        alerts.error("Parked message refused for good by {} ({}) and removed from the outbox: {}",
                LogText.oneLine(message.destination()), LogText.oneLine(reason), LogText.oneLine(message.summary()));
    }

    private static String headlineOf(Alert alert) {
        return headlineOf(alert, alert.occurrenceText());
    }

    private static String headlineOf(Digest.Line line) {
        return headlineOf(line.alert(), line.occurrenceText());
    }

    private static String headlineOf(Alert alert, String occurrences) {
        return LogText.oneLine(alert.headline()) + " — " + occurrences + " [" + alert.fingerprint().shortId() + "]";
    }

    /** "[error-alert] 812 errors not named: IllegalStateException in OrderService#place — 4,061 occurrences". */
    private static String countedLine(Digest.Counted group) {
        return "[error-alert] " + String.format(Locale.ROOT, "%,d", group.errors()) + " errors not named: "
                + LogText.oneLine(group.headline()) + " — " + String.format(Locale.ROOT, "%,d", group.occurrences())
                + " occurrences (list them all: GET /actuator/erroralerts)";
    }

    private static String format(Digest.Line line) {
        return format(line.alert(), headlineOf(line));
    }

    /** The alert as a block of text: one headline, then indented detail lines, all from escaped text. */
    public static String format(Alert alert) {
        return format(alert, headlineOf(alert));
    }

    private static String format(Alert alert, String headline) {
        StringBuilder text = new StringBuilder(512);
        text.append("[error-alert] ").append(headline);
        text.append("\n    app: ").append(LogText.oneLine(alert.origin().application()));
        if (!alert.origin().version().isEmpty()) {
            text.append(' ').append(LogText.oneLine(alert.origin().version()));
        }
        if (!alert.origin().environment().isEmpty()) {
            text.append(" (").append(LogText.oneLine(alert.origin().environment())).append(')');
        }
        if (!alert.origin().instance().isEmpty()) {
            text.append(" on ").append(LogText.oneLine(alert.origin().instance()));
        }
        if (alert.request() != null) {
            text.append(", request: ").append(LogText.oneLine(alert.request().describe()));
        }
        text.append(", thread: ").append(LogText.oneLine(alert.threadName()));
        for (Map.Entry<String, String> entry : alert.context().entrySet()) {
            text.append(", ").append(LogText.oneLine(entry.getKey())).append(": ")
                    .append(LogText.oneLine(entry.getValue()));
        }
        text.append("\n    at: ").append(LogText.oneLine(alert.site().location()));
        text.append("\n    ").append(LogText.oneLine(alert.error().type()));
        if (alert.error().message() != null) {
            text.append(": ").append(LogText.oneLine(alert.error().message()));
        }
        for (ErrorSnapshot.Cause cause : alert.error().causes()) {
            text.append("\n    caused by: ").append(LogText.oneLine(cause.describe()));
        }
        for (String frame : alert.error().frames()) {
            text.append("\n        at ").append(LogText.oneLine(frame));
        }
        return text.toString();
    }
}
