package dev.erroralert.pipeline;

import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A background thread of the pipeline that nothing can end but {@link #stop()}: a failure in one step is counted
 * and logged and the loop goes on, and a stray interrupt is cleared (left set, it would make every park return at
 * once and every store call fail).
 */
abstract class PipelineLoop implements Runnable {

    private final Counters counters;
    private volatile boolean stopping;
    private volatile @Nullable Thread thread;

    PipelineLoop(Counters counters) {
        this.counters = counters;
    }

    @Override
    public final void run() {
        thread = Thread.currentThread();
        while (true) {
            boolean finalRound = stopping;
            Thread.interrupted();
            try {
                step(finalRound);
            }
            catch (Throwable ex) {
                counters.internalError("running " + getClass().getSimpleName(), ex);
            }
            if (finalRound) {
                return;
            }
        }
    }

    /** One round of work, parking when there is none; {@code finalRound} asks to finish everything and return. */
    abstract void step(boolean finalRound);

    /** Ask for a final round; the loop wakes at once. */
    final void stop() {
        stopping = true;
        wake();
    }

    final void wake() {
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }

    final boolean isRunning() {
        Thread running = thread;
        return running != null && running.isAlive();
    }
}
