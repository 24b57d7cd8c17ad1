package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work beside the pipeline — the write-back, quiet summaries, refreshing mutes, purging old rows — on
 * one daemon thread of its own, so none of it ever runs on an application thread or the decider's. A task that
 * throws is logged and runs again at its next turn. Tasks given to {@link #atClose} run once more when it closes,
 * such as a last write-back after the pipeline's last judgement.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Housekeeping.class);

    private final List<Task> periodic = new ArrayList<>();
    private final List<Task> atClose = new ArrayList<>();
    private final Duration closeTimeout;
    private ScheduledExecutorService executor;
    private boolean closed;

    /** @param closeTimeout how long {@link #close()} waits for a task still running before the closing tasks run */
    public Housekeeping(Duration closeTimeout) {
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /** Run {@code task} every {@code interval} once started, the first time one interval after the start. */
    public synchronized Housekeeping every(String name, Duration interval, Runnable task) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException(name + ": the interval must be at least 1 ms, got " + interval);
        }
        periodic.add(new Task(name, interval, task));
        return this;
    }

    /** Run {@code task} once when closing, after the periodic tasks have stopped. */
    public synchronized Housekeeping atClose(String name, Runnable task) {
        atClose.add(new Task(name, Duration.ZERO, task));
        return this;
    }

    public synchronized Housekeeping start() {
        if (executor == null && !closed && !periodic.isEmpty()) {
            executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
                Thread thread = new Thread(runnable, "error-alert-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            for (Task task : periodic) {
                long millis = task.interval.toMillis();
                executor.scheduleWithFixedDelay(task::runSafely, millis, millis, TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    /** Stop the periodic tasks (waiting for one running, at most the close timeout), then run the closing tasks. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    logger.warn("error-alert: a housekeeping task was still running after {}", closeTimeout);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        atClose.forEach(Task::runSafely);
    }

    private record Task(String name, Duration interval, Runnable work) {

        void runSafely() {
            try {
                work.run();
            }
            catch (Throwable ex) {
                // Never let a task end its schedule: a scheduled executor drops a task that throws.
                logger.warn("error-alert: housekeeping task '{}' failed", name, ex);
            }
        }
    }
}
