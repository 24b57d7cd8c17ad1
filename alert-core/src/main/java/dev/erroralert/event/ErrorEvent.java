package dev.erroralert.event;

import java.util.Map;
import java.util.Objects;

/**
 * One captured occurrence, as handed from the caller's thread to the dispatcher.
 * It holds the raw exception: anything costly (stack frames, message text) is read later, off the caller's thread.
 *
 * @param error the exception as thrown
 * @param site where it was captured
 * @param epochMillis when it was captured
 * @param threadName the capturing thread
 * @param context the selected diagnostic context values (MDC keys such as {@code traceId}) present at capture
 */
public record ErrorEvent(Throwable error, CaptureSite site, long epochMillis, String threadName,
        Map<String, String> context) {

    public ErrorEvent {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(context, "context");
    }
}
