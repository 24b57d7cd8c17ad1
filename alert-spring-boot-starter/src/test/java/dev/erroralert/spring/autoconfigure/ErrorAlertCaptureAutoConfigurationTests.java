package dev.erroralert.spring.autoconfigure;

import dev.erroralert.spring.capture.UncaughtExceptionCapture;
import dev.erroralert.spring.capture.logging.ErrorLogCapture;
import dev.erroralert.spring.capture.web.UnhandledMvcExceptionResolver;
import dev.erroralert.spring.capture.web.UnhandledRequestFailureFilter;
import dev.erroralert.spring.capture.web.UnhandledWebFluxExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorAlertCaptureAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
            ErrorAlertAutoConfiguration.class, ErrorAlertAopAutoConfiguration.class,
            ErrorAlertCaptureAutoConfiguration.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS);

    @Test
    void runInAServletApplicationShouldCaptureMvcFailures() {
        servlet.run(context -> assertThat(context).hasBean("errorAlertMvcCapture")
                .hasSingleBean(UnhandledRequestFailureFilter.class)
                // Inside Spring MVC's chain only: as a bean, the dispatcher would run it a second time.
                .doesNotHaveBean(UnhandledMvcExceptionResolver.class));
    }

    @Test
    void runWhenMvcCaptureDisabledShouldNotCaptureMvcFailures() {
        servlet.withPropertyValues("error-alert.capture.mvc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("errorAlertMvcCapture")
                        .doesNotHaveBean(UnhandledRequestFailureFilter.class));
    }

    @Test
    void runWithoutSpringMvcShouldNotCaptureMvcFailures() {
        servlet.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
                .run(context -> assertThat(context).doesNotHaveBean("errorAlertMvcCapture"));
    }

    @Test
    void runInAReactiveApplicationShouldCaptureWebFluxFailuresOnlyUntilDisabled() {
        ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
                .withConfiguration(CONFIGURATIONS);
        reactive.run(context -> assertThat(context).hasSingleBean(UnhandledWebFluxExceptionHandler.class)
                .doesNotHaveBean("errorAlertMvcCapture"));
        reactive.withPropertyValues("error-alert.capture.webflux.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(UnhandledWebFluxExceptionHandler.class));
    }

    @Test
    void runShouldAdviseAsyncAndScheduledMethodsUntilEachIsDisabled() {
        plain.run(context -> assertThat(context).hasBean("errorAlertAsyncAdvisor")
                .hasBean("errorAlertScheduledAdvisor"));
        plain.withPropertyValues("error-alert.capture.async.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("errorAlertAsyncAdvisor")
                        .hasBean("errorAlertScheduledAdvisor"));
        plain.withPropertyValues("error-alert.capture.scheduled.enabled=false")
                .run(context -> assertThat(context).hasBean("errorAlertAsyncAdvisor")
                        .doesNotHaveBean("errorAlertScheduledAdvisor"));
    }

    @Test
    void runWithInterfaceProxiesShouldNotAdviseScheduledMethods() {
        plain.withPropertyValues("spring.aop.proxy-target-class=false")
                .run(context -> assertThat(context).doesNotHaveBean("errorAlertScheduledAdvisor"));
    }

    @Test
    void runShouldCaptureLogEventsAndUncaughtExceptionsOnlyWhenEnabled() {
        plain.run(context -> assertThat(context).doesNotHaveBean(ErrorLogCapture.class)
                .doesNotHaveBean(UncaughtExceptionCapture.class));
        plain.withPropertyValues("error-alert.capture.logging.enabled=true",
                "error-alert.capture.uncaught.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(ErrorLogCapture.class)
                        .hasSingleBean(UncaughtExceptionCapture.class));
    }

    @Test
    void runWithABadStatusShouldFailNamingTheProperty() {
        servlet.withPropertyValues("error-alert.capture.mvc.statuses=5xx,600")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("error-alert.capture.mvc.statuses"));
    }
}
