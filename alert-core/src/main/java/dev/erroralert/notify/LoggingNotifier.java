package dev.erroralert.notify;

import dev.erroralert.delivery.LogDestination;

/**
 * Alerts to the application log, one by one. Kept while code moves to {@link LogDestination}, which it delegates to.
 */
public final class LoggingNotifier implements Notifier {

    private final LogDestination log = new LogDestination();

    @Override
    public void send(Alert alert) {
        log.deliver(log.render(java.util.List.of(alert)));
    }

    /** The alert as a block of text, as {@link LogDestination#format(Alert)} gives it. */
    public static String format(Alert alert) {
        return LogDestination.format(alert);
    }
}
