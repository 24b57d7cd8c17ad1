package dev.erroralert.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;

/**
 * A periodic task the auto-configurations contribute to the pipeline's {@link dev.erroralert.pipeline.Housekeeping}
 * thread: each module adds its own (the database module its write-back and purges) without the core knowing them.
 *
 * @param name for logs, when it fails
 * @param interval how often it runs
 * @param task the work; what it throws is logged, and it runs again at its next turn
 * @param alsoAtClose whether it runs once more after the pipeline's last judgement, such as the last write-back
 */
public record HousekeepingTask(String name, Duration interval, Runnable task, boolean alsoAtClose) {

    public HousekeepingTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(task, "task");
    }
}
