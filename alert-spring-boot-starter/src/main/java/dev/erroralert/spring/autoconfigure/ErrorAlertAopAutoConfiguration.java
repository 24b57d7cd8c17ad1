package dev.erroralert.spring.autoconfigure;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.aop.AlertOnErrorInterceptor;
import dev.erroralert.spring.aop.AlertOnErrorPointcut;
import dev.erroralert.spring.capture.ErrorReporter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The interception of {@code @AlertOnError} beans, as three small beans: a replaceable pointcut, the advice, and an
 * infrastructure advisor (so that even Spring's plain infrastructure auto-proxy creator applies it). The advice looks
 * the pipeline up on the first exception: the advisor is created early, and must not pull the stores in with it.
 */
@AutoConfiguration(after = ErrorAlertAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration")
@ConditionalOnClass(DefaultPointcutAdvisor.class)
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertAopAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "errorAlertPointcut")
    static Pointcut errorAlertPointcut() {
        return new AlertOnErrorPointcut();
    }

    /** Shared by every capture point, so that an exception seen by several is reported once. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static ErrorReporter errorAlertReporter(ObjectProvider<AlertPipeline> pipeline) {
        return new ErrorReporter(pipeline::getIfAvailable);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static AlertOnErrorInterceptor errorAlertInterceptor(ErrorReporter errorAlertReporter) {
        return new AlertOnErrorInterceptor(errorAlertReporter);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "errorAlertAdvisor")
    static DefaultPointcutAdvisor errorAlertAdvisor(@Qualifier("errorAlertPointcut") Pointcut errorAlertPointcut,
            AlertOnErrorInterceptor errorAlertInterceptor, Environment environment) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(errorAlertPointcut, errorAlertInterceptor);
        // Bound from the environment here: a static, early bean must not depend on the properties bean.
        advisor.setOrder(environment.getProperty("error-alert.aop.order", Integer.class,
                new ErrorAlertProperties.Aop().getOrder()));
        return advisor;
    }
}
