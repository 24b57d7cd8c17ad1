package dev.erroralert.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.erroralert.delivery.Destination;
import dev.erroralert.slack.SlackWebhookDestination;
import dev.erroralert.store.DecisionChain;
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
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertSlackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Destination.class)
    @Conditional(SlackConfigured.class)
    Destination errorAlertDestination(ErrorAlertProperties properties, DecisionChain chain) {
        ErrorAlertProperties.Slack slack = properties.getSlack();
        return SlackDestinations.create("default", slack.getWebhookUrl(), slack.getChannel(), slack, chain,
                "error-alert.slack");
    }

    @Bean
    @ConditionalOnMissingBean
    DeliveryRoutes errorAlertRoutes(ErrorAlertProperties properties, DecisionChain chain) {
        ErrorAlertProperties.Slack slack = properties.getSlack();
        Map<String, Destination> routes = new LinkedHashMap<>();
        slack.getRoutes().forEach((name, route) -> routes.put(name, SlackDestinations.create(name,
                route.getWebhookUrl(), route.getChannel(), slack, chain, "error-alert.slack.routes." + name)));
        return new DeliveryRoutes(routes);
    }

    @Bean
    SlackSdkLogging errorAlertSlackSdkLogging(ObjectProvider<LoggingSystem> loggingSystem, Environment environment) {
        return new SlackSdkLogging(loggingSystem.getIfAvailable(), environment);
    }

    /** A blank setting counts as none, so {@code webhook-url: ${SLACK_WEBHOOK_URL:}} means "log" when unset. */
    static class SlackConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            if (StringUtils.hasText(environment.getProperty("error-alert.slack.webhook-url"))
                    || StringUtils.hasText(environment.getProperty("error-alert.slack.bot-token"))) {
                return ConditionOutcome.match("a Slack webhook URL or bot token is set");
            }
            return ConditionOutcome.noMatch("neither error-alert.slack.webhook-url nor error-alert.slack.bot-token");
        }
    }
}
