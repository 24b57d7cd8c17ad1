package dev.erroralert.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.erroralert.delivery.Destination;
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

    @Override
    public Message render(List<Alert> batch) {
        alerts.addAll(batch);
        return new Message(name(), "", batch.size() + " alert(s)", batch.size());
    }

    @Override
    public void deliver(Message message) {
    }
}
