package dev.erroralert.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.Digest;
import dev.erroralert.delivery.Message;
import dev.erroralert.notify.Alert;

/** A destination that keeps the alerts it is given, in order, and sends nothing: a bean replacing the log's. */
public final class RecordingDestination implements Destination {

    private final List<Alert> alerts = new CopyOnWriteArrayList<>();

    /** The alerts delivered so far. */
    public List<Alert> alerts() {
        return alerts;
    }

    @Override
    public String name() {
        return "recorder";
    }

    /** Records the alert of each line: an error's alerts that were due together arrive as its latest. */
    @Override
    public Message render(Digest digest) {
        alerts.addAll(digest.named());
        return new Message(name(), "", digest.errors() + " error(s)", digest.alerts());
    }

    @Override
    public void deliver(Message message) {
    }
}
