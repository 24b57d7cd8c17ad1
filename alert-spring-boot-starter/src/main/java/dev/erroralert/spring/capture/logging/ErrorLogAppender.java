package dev.erroralert.spring.capture.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.erroralert.event.CaptureSite;
import dev.erroralert.fingerprint.InAppFrames;
import dev.erroralert.spring.capture.ErrorReporter;

/**
 * Reports the exception of each ERROR event of the loggers it is told to watch, at the logger's name ({@code
 * com.example.OrderJob#log}). Unsynchronized: the logging thread takes no lock of ours. Never reports error-alert's
 * own events, nor events logged on error-alert's threads (a store's driver failing there), so it cannot feed itself.
 */
public final class ErrorLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** The appender's name in Logback's configuration. */
    public static final String NAME = "ERROR_ALERT";

    private static final String OWN_THREADS = "error-alert-";

    /** Bounds the sites remembered; logger names are few, but some applications make them up. */
    private static final int MAX_SITES = 4096;

    private final ErrorReporter reporter;
    private final List<String> loggers;
    private final Map<String, CaptureSite> sites = new ConcurrentHashMap<>();

    /** @param loggers logger name prefixes to watch; empty for every logger */
    public ErrorLogAppender(ErrorReporter reporter, List<String> loggers) {
        this.reporter = reporter;
        this.loggers = loggers.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
        setName(NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            if (event.getLevel() != Level.ERROR) {
                return;
            }
            IThrowableProxy proxy = event.getThrowableProxy();
            // Only a proxy of a live exception: a deserialised event has the text but not the exception.
            if (!(proxy instanceof ThrowableProxy live) || !watched(event.getLoggerName())
                    || String.valueOf(event.getThreadName()).startsWith(OWN_THREADS)) {
                return;
            }
            reporter.report(live.getThrowable(), siteOf(event.getLoggerName()));
        }
        catch (Throwable ignored) {
            // A logging call must never fail because of alerting.
        }
    }

    private boolean watched(String loggerName) {
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

    private CaptureSite siteOf(String loggerName) {
        CaptureSite site = sites.get(loggerName);
        if (site == null) {
            site = CaptureSite.of(loggerName, "log");
            if (sites.size() < MAX_SITES) {
                sites.putIfAbsent(loggerName, site);
            }
        }
        return site;
    }
}
