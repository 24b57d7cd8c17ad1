package dev.erroralert.spring.aop;

import java.time.Duration;
import java.util.List;

import dev.erroralert.notify.Alert;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.spring.AlertOnError;
import dev.erroralert.spring.autoconfigure.ErrorAlertAopAutoConfiguration;
import dev.erroralert.spring.autoconfigure.ErrorAlertAutoConfiguration;
import dev.erroralert.testsupport.RecordingDestination;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AlertOnErrorInterceptorTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorAlertAutoConfiguration.class,
                    ErrorAlertAopAutoConfiguration.class, AopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            // Unpaced, so every alert reaches the recorder as soon as it is decided.
            .withPropertyValues("error-alert.delivery.messages-per-second=10000", "error-alert.delivery.burst=10000");

    static class OrderFailure extends RuntimeException {
        OrderFailure(String message) {
            super(message);
        }
    }

    static class ExpectedFailure extends RuntimeException {
        ExpectedFailure() {
            super("business as usual");
        }
    }

    @AlertOnError(ignore = ExpectedFailure.class)
    static class OrderService {

        public String place(RuntimeException toThrow) {
            if (toThrow != null) {
                throw toThrow;
            }
            return "placed";
        }
    }

    static class PaymentService {

        @AlertOnError(group = "payments")
        public void charge(RuntimeException toThrow) {
            throw toThrow;
        }

        public void refund(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    /** Calls the order service, an annotated bean calling another. */
    @AlertOnError
    static class CheckoutService {

        private final OrderService orders;

        CheckoutService(OrderService orders) {
            this.orders = orders;
        }

        public void checkout(RuntimeException toThrow) {
            orders.place(toThrow);
        }

        public void checkoutWrapping(RuntimeException toThrow) {
            try {
                orders.place(toThrow);
            }
            catch (RuntimeException ex) {
                throw new IllegalStateException("checkout failed", ex);
            }
        }
    }

    static class PlainService {

        public void work(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        RecordingDestination recorder() {
            return new RecordingDestination();
        }

        @Bean
        OrderService orderService() {
            return new OrderService();
        }

        @Bean
        PaymentService paymentService() {
            return new PaymentService();
        }

        @Bean
        CheckoutService checkoutService(OrderService orderService) {
            return new CheckoutService(orderService);
        }

        @Bean
        PlainService plainService() {
            return new PlainService();
        }
    }

    private static List<Alert> alertsAfterFlush(org.springframework.context.ApplicationContext context, int expected) {
        RecordingDestination recorder = context.getBean(RecordingDestination.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.alerts.size() >= expected);
        // Anything else pending is judged and delivered on close.
        context.getBean(AlertPipeline.class).close();
        return recorder.alerts;
    }

    @Test
    void theExceptionReachesTheCallerUnchangedAndIsAlerted() {
        this.contextRunner.run(context -> {
            OrderFailure failure = new OrderFailure("order 42 not found");

            assertThatThrownBy(() -> context.getBean(OrderService.class).place(failure)).isSameAs(failure);

            List<Alert> alerts = alertsAfterFlush(context, 1);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).site().className()).isEqualTo(OrderService.class.getName());
            assertThat(alerts.get(0).site().methodName()).isEqualTo("place");
            assertThat(alerts.get(0).error().message()).isEqualTo("order 42 not found");
        });
    }

    @Test
    void aHealthyCallReturnsItsValue() {
        this.contextRunner.run(context -> {
            assertThat(context.getBean(OrderService.class).place(null)).isEqualTo("placed");
            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isZero();
        });
    }

    @Test
    void ignoredTypesAreNotAlerted() {
        this.contextRunner.run(context -> {
            assertThatThrownBy(() -> context.getBean(OrderService.class).place(new ExpectedFailure()))
                    .isInstanceOf(ExpectedFailure.class);

            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isZero();
        });
    }

    @Test
    void onlyAnnotatedMethodsOfAnUnannotatedClassAreAdvised() {
        this.contextRunner.run(context -> {
            PaymentService payments = context.getBean(PaymentService.class);
            assertThatThrownBy(() -> payments.refund(new OrderFailure("refund"))).isInstanceOf(OrderFailure.class);
            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isZero();

            assertThatThrownBy(() -> payments.charge(new OrderFailure("charge"))).isInstanceOf(OrderFailure.class);
            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isEqualTo(1);
        });
    }

    @Test
    void unannotatedBeansAreNotProxied() {
        this.contextRunner.run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean(PlainService.class))).isFalse();
            assertThat(AopUtils.isAopProxy(context.getBean(OrderService.class))).isTrue();
        });
    }

    @Test
    void aGroupKeyMakesDifferentExceptionsOneProblem() {
        this.contextRunner.run(context -> {
            PaymentService payments = context.getBean(PaymentService.class);
            assertThatThrownBy(() -> payments.charge(new OrderFailure("card declined")));
            assertThatThrownBy(() -> payments.charge(new IllegalArgumentException("no such card")));

            List<Alert> alerts = alertsAfterFlush(context, 1);
            assertThat(alerts).extracting(Alert::fingerprint).containsOnly(alerts.get(0).fingerprint());
            assertThat(alerts.get(alerts.size() - 1).count()).isEqualTo(2);
        });
    }

    @Test
    void anExceptionThroughTwoAnnotatedBeansIsReportedOnce() {
        this.contextRunner.run(context -> {
            OrderFailure failure = new OrderFailure("nested");

            assertThatThrownBy(() -> context.getBean(CheckoutService.class).checkout(failure)).isSameAs(failure);

            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isEqualTo(1);
            assertThat(alertsAfterFlush(context, 1).get(0).site().className()).isEqualTo(OrderService.class.getName());
        });
    }

    @Test
    void anExceptionWrappedOnTheWayOutIsReportedOnce() {
        this.contextRunner.run(context -> {
            OrderFailure failure = new OrderFailure("wrapped");

            assertThatThrownBy(() -> context.getBean(CheckoutService.class).checkoutWrapping(failure))
                    .isInstanceOf(IllegalStateException.class).hasCause(failure);

            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isEqualTo(1);
        });
    }

    @Test
    void eachNewExceptionOnTheSameThreadIsReported() {
        this.contextRunner.run(context -> {
            OrderService orders = context.getBean(OrderService.class);
            for (int i = 0; i < 3; i++) {
                OrderFailure failure = new OrderFailure("again " + i);
                assertThatThrownBy(() -> orders.place(failure)).isSameAs(failure);
            }

            assertThat(context.getBean(AlertPipeline.class).stats().captured()).isEqualTo(3);
        });
    }

    @Test
    void aBrokenPipelineLookupNeverChangesWhatTheCallerSees() throws Throwable {
        AlertOnErrorInterceptor interceptor = new AlertOnErrorInterceptor(() -> {
            throw new IllegalStateException("no pipeline");
        });
        OrderFailure failure = new OrderFailure("original");
        org.springframework.aop.framework.ProxyFactory factory = new org.springframework.aop.framework.ProxyFactory(
                new OrderService());
        factory.addAdvice(interceptor);
        OrderService proxy = (OrderService) factory.getProxy();

        assertThatThrownBy(() -> proxy.place(failure)).isSameAs(failure);
    }
}
