package dev.erroralert.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.delivery.Destination;
import dev.erroralert.slack.SlackWebhookDestination;
import dev.erroralert.store.DecisionChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Delivery to Slack when a webhook URL or a bot token is set: the default destination, and the named routes. Ahead of
 * the core configuration, whose log destination then backs off.
 */
@AutoConfiguration(before = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass(SlackWebhookDestination.class)
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ErrorAlertSlackProperties.class)
public class ErrorAlertSlackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Destination.class)
    @Conditional(SlackConfigured.class)
    Destination errorAlertDestination(ErrorAlertSlackProperties slack, DecisionChain chain) {
        return SlackDestinations.create("default", slack.getWebhookUrl(), slack.getChannel(), slack,
                chain.threads(), "error-alert.slack");
    }

    @Bean
    @ConditionalOnMissingBean
    DeliveryRoutes errorAlertRoutes(ErrorAlertSlackProperties slack, DecisionChain chain) {
        Map<String, Destination> routes = new LinkedHashMap<>();
        slack.getRoutes().forEach((name, route) -> routes.put(name, SlackDestinations.create(name,
                route.getWebhookUrl(), route.getChannel(), slack, chain.threads(),
                "error-alert.slack.routes." + name)));
        return new DeliveryRoutes(routes);
    }

    @Bean
    SlackSdkLogging errorAlertSlackSdkLogging(ObjectProvider<LoggingSystem> loggingSystem, Environment environment) {
        return new SlackSdkLogging(loggingSystem.getIfAvailable(), environment);
    }

    /**
     * A blank setting counts as none, so {@code webhook-url: ${SLACK_WEBHOOK_URL:}} means "log" when unset; so does a
     * placeholder whose variable is not set at all ({@code ${SLACK_WEBHOOK_URL}}), with a warning, rather than a
     * failed start.
     */
    static class SlackConfigured extends SpringBootCondition {

        private static final Logger logger = LoggerFactory.getLogger(ErrorAlertSlackAutoConfiguration.class);

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            if (isSet(environment, "error-alert.slack.webhook-url")
                    || isSet(environment, "error-alert.slack.bot-token")) {
                return ConditionOutcome.match("a Slack webhook URL or bot token is set");
            }
            return ConditionOutcome.noMatch("neither error-alert.slack.webhook-url nor error-alert.slack.bot-token");
        }

        private static boolean isSet(Environment environment, String property) {
            try {
                return StringUtils.hasText(environment.getProperty(property));
            }
            catch (IllegalArgumentException unresolvable) {
                // The message names the placeholder, never a value: safe to log.
                logger.warn("error-alert: {} refers to a variable that is not set ({}): alerts go to the log",
                        property, unresolvable.getMessage());
                return false;
            }
        }
    }
}
