package dev.erroralert.notify;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default destination: alerts written to the application log (logger {@code dev.erroralert.alerts}), so the
 * library works before any Slack setting exists. Also the last resort when a destination could not be reached:
 * then the full alert is written at ERROR.
 */
public final class LoggingNotifier implements Notifier {

    private static final Logger alerts = LoggerFactory.getLogger("dev.erroralert.alerts");

    @Override
    public void send(Alert alert) {
        if (alerts.isWarnEnabled()) {
            alerts.warn(format(alert));
        }
    }

    /** Write {@code alert} at ERROR with the reason it could not be delivered: the last resort is never silence. */
    public static void logUndelivered(Alert alert, String reason) {
        alerts.error("Alert could not be delivered ({}): {}", LogText.oneLine(reason), format(alert));
    }

    /** The alert as a block of text: one headline, then indented detail lines, all from escaped text. */
    public static String format(Alert alert) {
        StringBuilder text = new StringBuilder(512);
        text.append("[error-alert] ").append(LogText.oneLine(alert.headline()))
                .append(" — ").append(alert.occurrenceText())
                .append(" [").append(alert.fingerprint().shortId()).append(']');
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
