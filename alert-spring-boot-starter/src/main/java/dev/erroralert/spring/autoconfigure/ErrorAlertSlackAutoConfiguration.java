package dev.erroralert.spring.autoconfigure;

import dev.erroralert.notify.Notifier;
import dev.erroralert.slack.SlackNotifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Delivery to a Slack incoming webhook when {@code error-alert.slack.webhook-url} is set. Ahead of the core
 * configuration, whose log notifier then backs off.
 */
@AutoConfiguration(before = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass(SlackNotifier.class)
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(ErrorAlertSlackAutoConfiguration.WebhookConfigured.class)
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertSlackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Notifier.class)
    SlackNotifier errorAlertSlackNotifier(ErrorAlertProperties properties) {
        return new SlackNotifier(properties.getSlack().getWebhookUrl());
    }

    /** A blank URL counts as none, so {@code webhook-url: ${SLACK_WEBHOOK_URL:}} means "log" when unset. */
    static class WebhookConfigured extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("error-alert.slack.webhook-url"))
                    ? ConditionOutcome.match("error-alert.slack.webhook-url is set")
                    : ConditionOutcome.noMatch("error-alert.slack.webhook-url is not set");
        }
    }
}
