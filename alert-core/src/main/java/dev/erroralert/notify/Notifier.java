package dev.erroralert.notify;

/**
 * Delivers alerts to a destination (Slack, the log, ...). Called on the delivery thread, never on the caller's.
 * Throw when the alert could not be delivered: the pipeline then falls back to logging it in full.
 */
@FunctionalInterface
public interface Notifier {

    void send(Alert alert) throws Exception;
}
