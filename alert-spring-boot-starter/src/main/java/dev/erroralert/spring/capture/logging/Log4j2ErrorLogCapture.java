package dev.erroralert.spring.capture.logging;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.springframework.context.SmartLifecycle;

/**
 * Attaches the Log4j2 appender to the root logger while the application runs, when Log4j2 is the logging backend
 * (not merely on the classpath), and takes it away when it stops.
 */
public final class Log4j2ErrorLogCapture implements SmartLifecycle {

    private final Log4j2ErrorLogAppender appender;
    private volatile boolean running;

    public Log4j2ErrorLogCapture(Log4j2ErrorLogAppender appender) {
        this.appender = appender;
    }

    @Override
    public void start() {
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            attach(context);
        }
        running = true;
    }

    /** Attach to {@code context}'s root logger, for every event of ERROR and above. */
    void attach(LoggerContext context) {
        appender.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.addAppender(appender, null, null);
        context.updateLoggers();
    }

    @Override
    public void stop() {
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            detach(context);
        }
        running = false;
    }

    void detach(LoggerContext context) {
        context.getConfiguration().getRootLogger().removeAppender(Log4j2ErrorLogAppender.NAME);
        context.updateLoggers();
        appender.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
