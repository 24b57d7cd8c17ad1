package dev.erroralert.spring.capture;

import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.RequestInfo;
import dev.erroralert.pipeline.AlertPipeline;
import org.jspecify.annotations.Nullable;

/**
 * The one way every capture point hands an exception to the pipeline: at most once per exception (and its causes),
 * whichever capture point sees it first. Costs the caller an identity-hash lookup and the pipeline's lock-free
 * capture; never does I/O, never takes a lock, never throws.
 */
public final class ErrorReporter {

    private final Supplier<@Nullable AlertPipeline> pipeline;
    private volatile @Nullable AlertPipeline resolvedPipeline;
    private final ReportedErrors reported = new ReportedErrors();

    /** @param pipeline looked up on the first exception, so early capture points do not pull the pipeline in */
    public ErrorReporter(Supplier<@Nullable AlertPipeline> pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Count {@code error} as reported without reporting it: it follows from a failure reported already, and the
     * capture points that see it later (the log) must not report it either.
     */
    public void alreadyAccountedFor(@Nullable Throwable error) {
        if (error != null) {
            try {
                reported.firstReportOf(error);
            }
            catch (Throwable ignored) {
                // Alerting must never change what the caller sees.
            }
        }
    }

    /** Hand {@code error}, captured at {@code site}, to the pipeline unless it or a cause was reported already. */
    public void report(@Nullable Throwable error, CaptureSite site) {
        report(error, site, null);
    }

    /**
     * As {@link #report(Throwable, CaptureSite)}, for a capture point that holds the web request it failed in (and
     * knows the status the response ends with); {@code null} to take the request bound to the thread, if any.
     */
    public void report(@Nullable Throwable error, CaptureSite site, @Nullable RequestInfo request) {
        if (error == null) {
            return;
        }
        try {
            if (!reported.firstReportOf(error)) {
                return;
            }
            AlertPipeline target = resolvedPipeline;
            if (target == null) {
                // Looked up once: a bean lookup per exception would cost the caller microseconds.
                target = pipeline.get();
                resolvedPipeline = target;
            }
            if (target != null) {
                target.capture(error, site, request);
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change what the caller sees.
        }
    }
}
