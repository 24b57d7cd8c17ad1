package dev.erroralert.spring.capture.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The Logback appender: hands the exception of each ERROR event to {@link LoggedErrors}. Unsynchronized: the logging
 * thread takes no lock of ours.
 */
public final class ErrorLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** The appender's name in Logback's configuration. */
    public static final String NAME = "ERROR_ALERT";

    private final LoggedErrors errors;

    public ErrorLogAppender(LoggedErrors errors) {
        this.errors = errors;
        setName(NAME);
    }

    @Override
    protected void append(ILoggingEvent event) {
        try {
            // Only a proxy of a live exception: a deserialised event has the text but not the exception.
            if (event.getLevel() == Level.ERROR && event.getThrowableProxy() instanceof ThrowableProxy live) {
                errors.report(event.getLoggerName(), event.getThreadName(), live.getThrowable());
            }
        }
        catch (Throwable ignored) {
            // A logging call must never fail because of alerting.
        }
    }
}
