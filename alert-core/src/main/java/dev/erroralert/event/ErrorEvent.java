package dev.erroralert.event;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One captured occurrence, as handed from the caller's thread to the dispatcher.
 * It holds the raw exception: anything costly (stack frames, message text) is read later, off the caller's thread.
 *
 * @param error the exception as thrown
 * @param site where it was captured
 * @param epochMillis when it was captured
 * @param threadName the capturing thread
 * @param context the selected diagnostic context values (MDC keys such as {@code traceId}) present at capture
 * @param request the web request it happened in, or {@code null} outside one
 */
public record ErrorEvent(Throwable error, CaptureSite site, long epochMillis, String threadName,
        Map<String, String> context, @Nullable RequestInfo request) {

    /** An occurrence outside a web request. */
    public ErrorEvent(Throwable error, CaptureSite site, long epochMillis, String threadName,
            Map<String, String> context) {
        this(error, site, epochMillis, threadName, context, null);
    }

    public ErrorEvent {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(context, "context");
    }
}
