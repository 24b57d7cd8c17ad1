package dev.erroralert.delivery;

import java.util.List;

import dev.erroralert.notify.Alert;

/**
 * A place alerts go: a Slack webhook, a Slack channel, the log. Called on its lane's thread, except that
 * {@link #render} may also run on the pipeline's decider thread when an alert comes after delivery closed (to park
 * it at once), and on the thread that closes delivery, so an implementation must be safe for that; it must bound its own waiting (a short HTTP timeout).
 */
public interface Destination {

    /** A short, fixed name: the route's name, or {@code default}. Used in logs, metrics and the outbox. */
    String name();

    /**
     * Render a digest into one message: a digest of a single alert ({@link Digest#isSingle()}) as that alert itself,
     * else one message that names each error on a line (with its range of occurrences) and mentions the errors it
     * counts by type and location ("7 new errors in the last 5 s: …"). At most {@link #maxAlertsPerMessage()} lines
     * are passed at once, and at most {@value Digest#MAX_COUNTED_GROUPS} counted groups.
     */
    Message render(Digest digest);

    /** Render {@code alerts}, each named on a line of its own ({@link Digest#of(List)}). */
    default Message render(List<Alert> alerts) {
        return render(Digest.of(alerts));
    }

    /** Send a rendered message (a fresh one, or one redelivered from the outbox). */
    void deliver(Message message) throws DeliveryException;

    /** How many errors one digest may name within the destination's limits. */
    default int maxAlertsPerMessage() {
        return 40;
    }
}
