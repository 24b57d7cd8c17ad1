package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code error-alert.reminder.interval} is 0, however it is written ({@code 0}, {@code 0s},
 * {@code PT0S}). A value that does not bind matches, so that binding {@link ErrorAlertProperties} reports it with the
 * property's name instead of reminders silently going off.
 */
class RemindersEnabledCondition extends SpringBootCondition {

    static final String PROPERTY = "error-alert.reminder.interval";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        try {
            boolean off = Binder.get(context.getEnvironment()).bind(PROPERTY, Duration.class)
                    .map(Duration::isZero).orElse(false);
            return off ? ConditionOutcome.noMatch(PROPERTY + " is 0") : ConditionOutcome.match(PROPERTY + " is not 0");
        }
        catch (RuntimeException ex) {
            return ConditionOutcome.match(PROPERTY + " does not bind, which the properties report");
        }
    }
}
