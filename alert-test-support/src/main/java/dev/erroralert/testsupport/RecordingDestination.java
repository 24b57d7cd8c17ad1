package dev.erroralert.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.delivery.DeliveryException;
import dev.erroralert.delivery.DeliverySettings;
import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.Digest;
import dev.erroralert.delivery.Message;
import dev.erroralert.notify.Alert;

/**
 * A destination for tests: records every alert it is given and every message it delivers, and can be scripted to
 * fail. As a bean it replaces the log's, so that an application's alerts can be read.
 */
public final class RecordingDestination implements Destination {

    /** What the next deliveries do; empty means success. */
    public final List<DeliveryException> failures = new CopyOnWriteArrayList<>();
    public final List<Alert> alerts = new CopyOnWriteArrayList<>();
    /** Every digest rendered, in order. */
    public final List<Digest> digests = new CopyOnWriteArrayList<>();
    public final List<Message> delivered = new CopyOnWriteArrayList<>();
    private final String name;
    /** How many alerts one message may carry; 1 makes every alert a request of its own. */
    public volatile int maxAlertsPerMessage = 40;
    /** Whether render fails, as a broken custom destination's would. */
    public volatile boolean renderFails;

    public RecordingDestination() {
        this("recording");
    }

    public RecordingDestination(String name) {
        this.name = name;
    }

    /** An engine delivering to this destination without pacing or retries, so tests see alerts as soon as decided. */
    public DeliveryEngine unpacedEngine() {
        return new DeliveryEngine(this, java.util.Map.of(), java.util.Map.of(), null, new DeliverySettings(10_000,
                10_000, 1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1),
                10_000, java.time.Duration.ofSeconds(1), Integer.MAX_VALUE, java.time.Duration.ofMinutes(10)));
    }

    /** How many alerts the rendered digests stood for (a line may stand for several alerts of its error). */
    public int alertCount() {
        return digests.stream().mapToInt(Digest::alerts).sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxAlertsPerMessage() {
        return maxAlertsPerMessage;
    }

    @Override
    public Message render(Digest digest) {
        if (renderFails) {
            throw new IllegalStateException("broken renderer");
        }
        digests.add(digest);
        alerts.addAll(digest.named());
        StringBuilder payload = new StringBuilder();
        for (Digest.Line line : digest.lines()) {
            payload.append(line.alert().fingerprint().shortId()).append(' ').append(line.alert().count()).append('\n');
        }
        for (Digest.Counted group : digest.counted()) {
            payload.append(group.headline()).append(" x").append(group.errors()).append('\n');
        }
        return new Message(name, payload.toString(), digest.errors() + " error(s)", digest.alerts());
    }

    @Override
    public void deliver(Message message) throws DeliveryException {
        if (!failures.isEmpty()) {
            throw failures.remove(0);
        }
        delivered.add(message);
    }
}
