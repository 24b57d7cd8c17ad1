package dev.erroralert.spring.capture.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The Log4j2 appender: hands the exception of each ERROR (or FATAL) event to {@link LoggedErrors}. Log4j2 calls
 * appenders without a lock of its own; this one takes none either.
 */
public final class Log4j2ErrorLogAppender extends AbstractAppender {

    /** The appender's name in Log4j2's configuration. */
    public static final String NAME = "ERROR_ALERT";

    private final LoggedErrors errors;

    public Log4j2ErrorLogAppender(LoggedErrors errors) {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
        this.errors = errors;
    }

    @Override
    public void append(LogEvent event) {
        try {
            Throwable error = event.getThrown();
            if (error != null && event.getLevel().isMoreSpecificThan(Level.ERROR)) {
                errors.report(event.getLoggerName(), event.getThreadName(), error);
            }
        }
        catch (Throwable ignored) {
            // A logging call must never fail because of alerting.
        }
    }
}
