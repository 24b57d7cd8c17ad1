package dev.erroralert.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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
    private @Nullable ScheduledExecutorService executor;
    private boolean closed;
    private boolean closingTasksRun;

    /** @param closeTimeout how long {@link #close()} waits for a task still running before the closing tasks run */
    public Housekeeping(Duration closeTimeout) {
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /** Run {@code task} every {@code interval} once started, the first time at the start. */
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
                // At once, then every interval: mutes shared by other instances hold from the start, when a noisy
                // start-up error is likeliest.
                executor.scheduleWithFixedDelay(task::runSafely, 0, millis, TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    /** Stop the periodic tasks, then run the closing tasks, each within the close timeout. */
    @Override
    public void close() {
        stopPeriodic(closeTimeout);
        runClosingTasks(closeTimeout);
    }

    /**
     * Stop the periodic tasks: none starts from now on, and one that is running is waited for, at most {@code wait}.
     */
    public void stopPeriodic(Duration wait) {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = executor;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                logger.warn("error-alert: a housekeeping task was still running at shutdown after {}", wait);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Run the closing tasks once, on a thread of their own, waiting for them at most {@code budget}: a database that
     * does not answer at shutdown must not hold the application's shutdown. What they leave undone is taken by
     * another instance, or by this application's next start (counts wait in Redis); the direct link's ledger alone
     * is lost then.
     */
    public void runClosingTasks(Duration budget) {
        List<Task> tasks;
        synchronized (this) {
            if (closingTasksRun) {
                return;
            }
            closingTasksRun = true;
            tasks = List.copyOf(atClose);
        }
        if (tasks.isEmpty()) {
            return;
        }
        Thread closing = new Thread(() -> tasks.forEach(Task::runSafely), "error-alert-housekeeping-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(Math.max(1, budget.toMillis()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            logger.warn("error-alert: the closing housekeeping tasks (the last write-back) did not end within {}; "
                    + "what Redis counted waits there for the next write-back of any instance", budget);
        }
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
