package dev.erroralert.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.Environment;

/**
 * Keeps the Slack SDK's own logging from printing what may echo a secret. The SDK logs a Web API error body it cannot
 * parse at DEBUG ({@value #UNPARSEABLE_BODY_LOGGER}), and the proxy or gateway that sent such a body may quote the
 * request in it, token included; with {@code logging.level.com.slack.api=DEBUG} that line would print it. That one
 * logger is held at INFO, unless the application sets a level for it by its own name.
 */
final class SlackSdkLogging implements InitializingBean {

    /** The logger the SDK prints an unparseable error body with, at DEBUG. */
    static final String UNPARSEABLE_BODY_LOGGER = "com.slack.api.methods.SlackApiException";

    private final @Nullable LoggingSystem loggingSystem;

    private final Environment environment;

    SlackSdkLogging(@Nullable LoggingSystem loggingSystem, Environment environment) {
        this.loggingSystem = loggingSystem;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (loggingSystem != null && !environment.containsProperty("logging.level." + UNPARSEABLE_BODY_LOGGER)) {
            loggingSystem.setLogLevel(UNPARSEABLE_BODY_LOGGER, LogLevel.INFO);
        }
    }
}
