package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.erroralert.notify.Alert;
import dev.erroralert.notify.LoggingNotifier;
import dev.erroralert.notify.Notifier;

/**
 * Runs the notifier on its own thread, so a slow destination never holds up the decisions behind it.
 * An alert that cannot be delivered (the notifier throws, the queue is full, shutdown ran out of time) is written
 * to the log in full at ERROR: the last resort is never silence.
 */
final class Delivery {

    private final Notifier notifier;
    private final Counters counters;
    private final ThreadPoolExecutor executor;

    Delivery(Notifier notifier, int queueCapacity, Counters counters) {
        this.notifier = notifier;
        this.counters = counters;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "error-alert-delivery");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    void submit(Alert alert) {
        try {
            executor.execute(new Task(alert));
        }
        catch (RejectedExecutionException ex) {
            undelivered(alert, executor.isShutdown() ? "shutting down" : "delivery queue full");
        }
    }

    /** Deliver what is queued within {@code timeout}; log in full whatever is left. */
    void close(Duration timeout) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> left = executor.shutdownNow();
        for (Runnable task : left) {
            if (task instanceof Task undeliveredTask) {
                undelivered(undeliveredTask.alert, "shutdown timed out");
            }
        }
    }

    private void undelivered(Alert alert, String reason) {
        counters.deliveryFailures.incrementAndGet();
        LoggingNotifier.logUndelivered(alert, reason);
    }

    private final class Task implements Runnable {

        final Alert alert;

        Task(Alert alert) {
            this.alert = alert;
        }

        @Override
        public void run() {
            try {
                notifier.send(alert);
            }
            catch (Throwable ex) {
                undelivered(alert, "the notifier failed: " + ex.getClass().getName());
            }
        }
    }
}
