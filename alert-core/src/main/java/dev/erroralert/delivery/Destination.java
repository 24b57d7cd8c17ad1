package dev.erroralert.delivery;

import java.util.List;

import dev.erroralert.notify.Alert;

/**
 * A place alerts go: a Slack webhook, a Slack channel, the log. Called on its lane's thread, except that
 * {@link #render} may also run on the pipeline's decider thread when the lane's queue is full (to park the alert at
 * once), so an implementation must be safe for that; it must bound its own waiting (a short HTTP timeout).
 */
public interface Destination {

    /** A short, fixed name: the route's name, or {@code default}. Used in logs, metrics and the outbox. */
    String name();

    /**
     * Render alerts into one message: a single alert as itself, several as one digest that mentions each of them
     * ("7 new errors in the last 5 s: …"). At most {@link #maxAlertsPerMessage()} alerts are passed at once.
     */
    Message render(List<Alert> alerts);

    /** Send a rendered message (a fresh one, or one redelivered from the outbox). */
    void deliver(Message message) throws DeliveryException;

    /** How many alerts one digest may carry within the destination's limits. */
    default int maxAlertsPerMessage() {
        return 40;
    }
}
