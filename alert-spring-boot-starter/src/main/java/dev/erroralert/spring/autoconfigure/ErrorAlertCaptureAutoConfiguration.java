package dev.erroralert.spring.autoconfigure;

import java.util.List;

import dev.erroralert.spring.aop.AlertOnErrorInterceptor;
import dev.erroralert.spring.capture.ErrorReporter;
import dev.erroralert.spring.capture.UncaughtExceptionCapture;
import dev.erroralert.spring.capture.logging.ErrorLogAppender;
import dev.erroralert.spring.capture.logging.ErrorLogCapture;
import dev.erroralert.spring.capture.logging.Log4j2ErrorLogAppender;
import dev.erroralert.spring.capture.logging.Log4j2ErrorLogCapture;
import dev.erroralert.spring.capture.logging.LoggedErrors;
import dev.erroralert.spring.capture.task.AnnotatedTaskPointcut;
import dev.erroralert.spring.capture.web.UnhandledMvcExceptionResolver;
import dev.erroralert.spring.capture.web.UnhandledRequestFailureFilter;
import dev.erroralert.spring.capture.web.UnhandledWebFluxExceptionHandler;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The capture points besides the annotation, each on its own switch under {@code error-alert.capture}, all reporting
 * through the one {@link ErrorReporter}, so an exception several of them see is reported once, by the first.
 */
@AutoConfiguration(after = ErrorAlertAopAutoConfiguration.class)
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(ErrorReporter.class)
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertCaptureAutoConfiguration {

    /** Spring MVC: what the application's exception handlers left, ending as an alerted status. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({ HandlerExceptionResolver.class, WebMvcConfigurer.class })
    @ConditionalOnProperty(prefix = "error-alert.capture.mvc", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class Mvc {

        /**
         * Puts the resolver in MVC's own chain right after the {@code @ExceptionHandler} resolver, where it knows the
         * application did not handle the exception but still sees what Spring resolves by status (a 404 or a 503).
         * The resolver is no bean of its own: the dispatcher would also run it after the whole chain.
         */
        @Bean
        WebMvcConfigurer errorAlertMvcCapture(ErrorReporter reporter, ErrorAlertProperties properties) {
            UnhandledMvcExceptionResolver resolver = new UnhandledMvcExceptionResolver(reporter,
                    properties.getCapture().getMvc()::alerts);
            return new WebMvcConfigurer() {
                @Override
                public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                    int applications = -1;
                    for (int i = 0; i < resolvers.size(); i++) {
                        if (resolvers.get(i) instanceof ExceptionHandlerExceptionResolver) {
                            applications = i;
                        }
                    }
                    resolvers.add(applications >= 0 ? applications + 1 : resolvers.size(), resolver);
                }
            };
        }

        @Bean
        @ConditionalOnMissingBean
        UnhandledRequestFailureFilter errorAlertRequestFailureFilter(ErrorReporter reporter,
                ErrorAlertProperties properties) {
            return new UnhandledRequestFailureFilter(reporter, properties.getCapture().getMvc()::alerts);
        }
    }

    /** WebFlux: what the application's exception handlers left, before Spring Boot renders it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebExceptionHandler.class)
    @ConditionalOnProperty(prefix = "error-alert.capture.webflux", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class WebFlux {

        @Bean
        @ConditionalOnMissingBean
        UnhandledWebFluxExceptionHandler errorAlertWebFluxHandler(ErrorReporter reporter,
                ErrorAlertProperties properties) {
            return new UnhandledWebFluxExceptionHandler(reporter, properties.getCapture().getWebflux()::alerts);
        }
    }

    /**
     * {@code @Async} methods: the annotation's advice, run on the executor's thread (Spring puts its async advice in
     * front), so the exception still reaches the application's {@code AsyncUncaughtExceptionHandler} and its future.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "error-alert.capture.async", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class AsyncMethods {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static DefaultPointcutAdvisor errorAlertAsyncAdvisor(ErrorReporter reporter, Environment environment) {
            return advisor(new AnnotatedTaskPointcut(List.of(Async.class), true), reporter, environment);
        }
    }

    /**
     * {@code @Scheduled} methods: the annotation's advice around the method the scheduler calls, so the exception
     * still reaches the scheduler's error handler. Needs class proxies (Spring Boot's default): an interface proxy
     * would hide a scheduled method that is not on an interface from the scheduler.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "error-alert.capture.scheduled", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    @ConditionalOnProperty(prefix = "spring.aop", name = "proxy-target-class", havingValue = "true",
            matchIfMissing = true)
    static class ScheduledMethods {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static DefaultPointcutAdvisor errorAlertScheduledAdvisor(ErrorReporter reporter, Environment environment) {
            return advisor(new AnnotatedTaskPointcut(List.of(Scheduled.class, Schedules.class), false), reporter,
                    environment);
        }
    }

    /**
     * ERROR log events with an exception (opt-in), through whichever of Logback and Log4j2 is the logging backend:
     * each capture attaches only to its own backend when it is the one in use.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "error-alert.capture.logging", name = "enabled", havingValue = "true")
    static class Logging {

        @Bean
        @ConditionalOnMissingBean
        LoggedErrors errorAlertLoggedErrors(ErrorReporter reporter, ErrorAlertProperties properties) {
            return new LoggedErrors(reporter, properties.getCapture().getLogging().getLoggers());
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
        static class Logback {

            @Bean
            @ConditionalOnMissingBean
            ErrorLogCapture errorAlertLogCapture(LoggedErrors errors) {
                return new ErrorLogCapture(new ErrorLogAppender(errors));
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.apache.logging.log4j.core.LoggerContext")
        static class Log4j2 {

            @Bean
            @ConditionalOnMissingBean
            Log4j2ErrorLogCapture errorAlertLog4j2Capture(LoggedErrors errors) {
                return new Log4j2ErrorLogCapture(new Log4j2ErrorLogAppender(errors));
            }
        }
    }

    /** Exceptions ending application threads (opt-in). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "error-alert.capture.uncaught", name = "enabled", havingValue = "true")
    static class Uncaught {

        @Bean
        @ConditionalOnMissingBean
        UncaughtExceptionCapture errorAlertUncaughtCapture(ErrorReporter reporter) {
            return new UncaughtExceptionCapture(reporter);
        }
    }

    private static DefaultPointcutAdvisor advisor(AnnotatedTaskPointcut pointcut, ErrorReporter reporter,
            Environment environment) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut, new AlertOnErrorInterceptor(reporter));
        // Bound from the environment here: a static, early bean must not depend on the properties bean.
        advisor.setOrder(environment.getProperty("error-alert.aop.order", Integer.class,
                new ErrorAlertProperties.Aop().getOrder()));
        return advisor;
    }
}
