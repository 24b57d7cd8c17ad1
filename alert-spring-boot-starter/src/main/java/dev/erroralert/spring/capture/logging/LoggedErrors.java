package dev.erroralert.spring.capture.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.spring.capture.ErrorReporter;
import org.jspecify.annotations.Nullable;

/**
 * What every logging backend's appender does with an ERROR event's exception: reports it at the logger's name ({@code
 * com.example.OrderJob#log}) when the logger is watched. Never error-alert's own loggers, nor events logged on
 * error-alert's threads (a store's driver failing there), so alerting cannot feed itself. The logger name is matched
 * against the filters once, then remembered.
 */
public final class LoggedErrors {

    private static final String OWN_THREADS = "error-alert-";

    /** Bounds the loggers remembered; logger names are few, but some applications make them up. */
    private static final int MAX_LOGGERS = 4096;

    private static final CaptureSite UNWATCHED = CaptureSite.of("unwatched", "log");

    private final ErrorReporter reporter;
    private final List<String> loggers;
    private final Map<String, CaptureSite> sites = new ConcurrentHashMap<>();

    /** @param loggers logger name prefixes to watch; empty for every logger */
    public LoggedErrors(ErrorReporter reporter, List<String> loggers) {
        this.reporter = reporter;
        this.loggers = loggers.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** An ERROR event of {@code loggerName}, logged on {@code threadName}, carrying {@code error}. */
    void report(@Nullable String loggerName, @Nullable String threadName, Throwable error) {
        if (loggerName == null || (threadName != null && threadName.startsWith(OWN_THREADS))) {
            return;
        }
        CaptureSite site = sites.get(loggerName);
        if (site == null) {
            site = watched(loggerName) ? CaptureSite.of(loggerName, "log") : UNWATCHED;
            if (sites.size() < MAX_LOGGERS) {
                sites.putIfAbsent(loggerName, site);
            }
        }
        if (site != UNWATCHED) {
            reporter.report(error, site);
        }
    }

    private boolean watched(String loggerName) {
        if (loggerName.isBlank()) {
            return false;
        }
        for (String own : InAppFrames.LIBRARY_PACKAGES) {
            if (loggerName.startsWith(own)) {
                return false;
            }
        }
        if (loggers.isEmpty()) {
            return true;
        }
        for (String prefix : loggers) {
            if (loggerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
