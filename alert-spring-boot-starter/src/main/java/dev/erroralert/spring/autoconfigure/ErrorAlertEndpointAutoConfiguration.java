package dev.erroralert.spring.autoconfigure;

import java.time.Clock;

import dev.erroralert.history.HistoryStore;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.silence.Silences;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpointWebExtension;
import dev.erroralert.store.DecisionChain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code erroralerts} actuator endpoint, when the application has the actuator and makes the endpoint available
 * like any other: exposed ({@code management.endpoints.web.exposure.include=erroralerts}) and not denied access. It is
 * read-only unless the application grants more ({@code management.endpoint.erroralerts.access=unrestricted}), and sits
 * behind whatever security the application puts on its actuator endpoints.
 * <p>
 * The history and the mutes are optional: without a history (no database) the endpoint shows the mutes only.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ DecisionChain.class, SecretMasker.class })
public class ErrorAlertEndpointAutoConfiguration {

    // Conditions on the methods, not the class: a class-level one would have its condition class loaded before
    // @ConditionalOnClass could tell that the actuator's auto-configuration is missing.
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(ErrorAlertsEndpoint.class)
    ErrorAlertsEndpoint errorAlertsEndpoint(ObjectProvider<HistoryStore> history, ObjectProvider<Silences> silences,
            DecisionChain chain, SecretMasker masker) {
        return new ErrorAlertsEndpoint(history.getIfUnique(), silences.getIfUnique(), chain, masker,
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ErrorAlertsEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = ErrorAlertsEndpoint.class, exposure = EndpointExposure.WEB)
    ErrorAlertsEndpointWebExtension errorAlertsEndpointWebExtension(ErrorAlertsEndpoint endpoint) {
        return new ErrorAlertsEndpointWebExtension(endpoint);
    }
}
