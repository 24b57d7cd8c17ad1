package dev.erroralert.spring.capture;

import java.lang.Thread.UncaughtExceptionHandler;

import dev.erroralert.event.CaptureSite;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Reports the exceptions that end an application thread uncaught (opt-in), then hands them to the default handler
 * that was there before, or prints them as the JVM would without one. Installed while the application runs.
 */
public final class UncaughtExceptionCapture implements SmartLifecycle {

    private static final CaptureSite SITE = CaptureSite.of(Thread.class.getName(), "uncaughtException");

    private static final String OWN_THREADS = "error-alert-";

    private final ErrorReporter reporter;
    private final Handler handler = new Handler();
    private volatile @Nullable UncaughtExceptionHandler previous;
    private volatile boolean running;

    public UncaughtExceptionCapture(ErrorReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public synchronized void start() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(handler);
        running = true;
    }

    @Override
    public synchronized void stop() {
        // Another library may have chained itself after us: then ours stays in its chain, and only stops reporting.
        if (Thread.getDefaultUncaughtExceptionHandler() == handler) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Handler implements UncaughtExceptionHandler {

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            if (running && !thread.getName().startsWith(OWN_THREADS)) {
                reporter.report(error, SITE);
            }
            UncaughtExceptionHandler next = previous;
            if (next != null) {
                next.uncaughtException(thread, error);
            }
            else {
                // What ThreadGroup#uncaughtException does without a default handler; calling it would call us again.
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        }
    }
}
