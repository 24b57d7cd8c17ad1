package dev.erroralert.spring.capture.logging;

import java.time.Duration;
import java.util.List;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.autoconfigure.ErrorAlertAopAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.spring.capture.ErrorReporter;
import dev.erroralert.testsupport.RecordingDestination;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Log4j2 appender in a Log4j2 logger context of its own (the tests' logging backend is Logback), reporting into
 * error-alert's real pipeline.
 */
class Log4j2ErrorLogCaptureTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertAopAutoConfiguration.class))
            .withBean(RecordingDestination.class, RecordingDestination::new)
            .withPropertyValues("error-alert.delivery.messages-per-second=10000", "error-alert.delivery.burst=10000");

    @Test
    void anErrorEventOfAWatchedLoggerIsReportedOnceAtTheLoggersName() {
        contextRunner.run(context -> {
            LoggerContext log4j = new LoggerContext("error-alert-test");
            log4j.start(new DefaultConfiguration());
            Log4j2ErrorLogCapture capture = new Log4j2ErrorLogCapture(new Log4j2ErrorLogAppender(
                    new LoggedErrors(context.getBean(ErrorReporter.class), List.of("com.example"))));
            capture.attach(log4j);
            IllegalStateException failure = new IllegalStateException("export 3 failed");

            log4j.getLogger("com.example.Export").error("export failed", failure);
            log4j.getLogger("com.example.Export").error("export failed, said twice", failure);
            log4j.getLogger("com.example.Export").warn("a warning", new IllegalStateException("warned"));
            log4j.getLogger("com.example.Export").error("no exception");
            log4j.getLogger("org.other.Thing").error("unwatched", new IllegalStateException("unwatched"));
            log4j.getLogger("dev.erroralert.pipeline.Dispatcher").error("own", new IllegalStateException("own"));
            capture.detach(log4j);
            log4j.getLogger("com.example.Export").error("detached", new IllegalStateException("detached"));
            log4j.stop();

            AlertPipeline pipeline = context.getBean(AlertPipeline.class);
            RecordingDestination recorder = context.getBean(RecordingDestination.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.alerts.isEmpty()
                    && pipeline.stats().judged() == pipeline.stats().captured());
            assertThat(pipeline.stats().captured()).isEqualTo(1);
            assertThat(recorder.alerts).singleElement()
                    .satisfies(alert -> assertThat(alert.site().location()).isEqualTo("com.example.Export#log"));
        });
    }
}
