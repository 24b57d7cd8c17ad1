package dev.erroralert.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.AlertOnError;
import dev.erroralert.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caller's path and the once-per-exception guard on virtual threads: an application with
 * {@code spring.threads.virtual.enabled=true}, whose task executor runs each task on a virtual thread. Java 21 and
 * later only (the build runs this module's tests on such a JDK too, when the machine has one).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsIntegrationTests {

    static class PaymentFailure extends RuntimeException {
        PaymentFailure(String message) {
            super(message);
        }
    }

    @AlertOnError
    static class PaymentService {
        public void charge(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    @AlertOnError
    static class CheckoutService {
        private final PaymentService payments;

        CheckoutService(PaymentService payments) {
            this.payments = payments;
        }

        public void checkout(RuntimeException toThrow) {
            payments.charge(toThrow);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        PaymentService paymentService() {
            return new PaymentService();
        }

        @Bean
        CheckoutService checkoutService(PaymentService paymentService) {
            return new CheckoutService(paymentService);
        }
    }

    private SlackStandIn slack;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        slack = SlackStandIn.start();
        context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties("spring.threads.virtual.enabled=true", "error-alert.redis.enabled=false",
                        "spring.autoconfigure.exclude="
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
                        "error-alert.slack.webhook-url=" + slack.url("/services/T000/B000/XXXX"),
                        "error-alert.delivery.messages-per-second=1000", "error-alert.delivery.burst=1000")
                .run();
    }

    @AfterEach
    void stop() {
        context.close();
        slack.close();
    }

    @Test
    void exceptionsThrownOnVirtualThreadsAreRethrownUnchangedAndReportedOnceThroughNestedBeans() throws Exception {
        AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
        CheckoutService checkout = context.getBean(CheckoutService.class);
        List<Future<Boolean>> calls = new ArrayList<>();
        List<PaymentFailure> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            PaymentFailure failure = new PaymentFailure("card " + i + " declined");
            failures.add(failure);
            calls.add(executor.submit(() -> {
                assertThat(isVirtual(Thread.currentThread())).as("the task runs on a virtual thread").isTrue();
                try {
                    checkout.checkout(failure);
                    return false;
                }
                catch (PaymentFailure thrown) {
                    return thrown == failure;
                }
            }));
        }
        for (Future<Boolean> call : calls) {
            assertThat(call.get()).as("the caller got its very exception back").isTrue();
        }

        AlertPipeline pipeline = context.getBean(AlertPipeline.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().judged() == pipeline.stats().captured());
        assertThat(pipeline.stats().captured()).as("each exception once, though it crossed two annotated beans")
                .isEqualTo(failures.size());
        slack.awaitRequests(1, Duration.ofSeconds(15));
        assertThat(slack.requests().get(0).body()).contains("PaymentService#charge");
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        // Thread#isVirtual is Java 21 API; the tests compile for Java 17.
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
