package dev.erroralert.spring.capture.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Attaches the appender to Logback's root logger while the application runs, and takes it away when it stops, so no
 * event is reported to a closed pipeline. Does nothing when SLF4J is bound to another backend.
 */
public final class ErrorLogCapture implements SmartLifecycle {

    private final ErrorLogAppender appender;
    private volatile boolean running;

    public ErrorLogCapture(ErrorLogAppender appender) {
        this.appender = appender;
    }

    @Override
    public void start() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender.setContext(context);
            appender.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }
        running = true;
    }

    @Override
    public void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
