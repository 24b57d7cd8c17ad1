package dev.erroralert.delivery;

import java.util.Objects;

/**
 * One message as a destination will send it, already rendered: escaped, masked and within the destination's limits.
 * It is what the outbox keeps, so a parked message is redelivered exactly as it was first meant to go.
 *
 * @param destination the name of the destination it is for
 * @param payload what is sent, in the destination's own format (for Slack, the JSON body)
 * @param summary a plain, single-paragraph account for logs (masked, never holding a secret of the destination)
 * @param alerts how many alerts it carries (more than one for a digest)
 */
public record Message(String destination, String payload, String summary, int alerts) {

    public Message {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(summary, "summary");
        if (alerts < 1) {
            throw new IllegalArgumentException("a message carries at least one alert, got " + alerts);
        }
    }
}
