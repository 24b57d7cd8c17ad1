package dev.erroralert.delivery;

import java.util.List;
import java.util.Map;

import dev.erroralert.notify.Alert;
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
    public Message render(List<Alert> batch) {
        if (batch.size() == 1) {
            String text = format(batch.get(0));
            return new Message(name, text, headlineOf(batch.get(0)), 1);
        }
        StringBuilder text = new StringBuilder("[error-alert] ").append(batch.size()).append(" errors:");
        for (Alert alert : batch) {
            text.append("\n").append(format(alert));
        }
        return new Message(name, text.toString(), batch.size() + " errors, first " + headlineOf(batch.get(0)),
                batch.size());
    }

    @Override
    public void deliver(Message message) {
        if (alerts.isWarnEnabled()) {
            alerts.warn(message.payload());
        }
    }

    /** Log {@code alerts} in full at ERROR with the reason they reached no destination: never silence. */
    public static void logUndelivered(List<Alert> batch, String destination, String reason) {
        for (Alert alert : batch) {
            alerts.error("Alert could not be delivered to {} ({}): {}", LogText.oneLine(destination),
                    LogText.oneLine(reason), format(alert));
        }
    }

    /** Log a parked message its destination refused for good, and which was removed from the outbox. */
    public static void logRefused(Message message, String reason) {
        alerts.error("Parked message refused for good by {} ({}) and removed from the outbox: {}",
                LogText.oneLine(message.destination()), LogText.oneLine(reason), LogText.oneLine(message.summary()));
    }

    private static String headlineOf(Alert alert) {
        return LogText.oneLine(alert.headline()) + " — " + alert.occurrenceText() + " [" + alert.fingerprint().shortId()
                + "]";
    }

    /** The alert as a block of text: one headline, then indented detail lines, all from escaped text. */
    public static String format(Alert alert) {
        StringBuilder text = new StringBuilder(512);
        text.append("[error-alert] ").append(headlineOf(alert));
        text.append("\n    app: ").append(LogText.oneLine(alert.origin().application()));
        if (!alert.origin().environment().isEmpty()) {
            text.append(" (").append(LogText.oneLine(alert.origin().environment())).append(')');
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
        for (String cause : alert.error().causes()) {
            text.append("\n    caused by: ").append(LogText.oneLine(cause));
        }
        for (String frame : alert.error().frames()) {
            text.append("\n        at ").append(LogText.oneLine(frame));
        }
        return text.toString();
    }
}
