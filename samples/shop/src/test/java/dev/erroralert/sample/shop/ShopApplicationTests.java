package dev.erroralert.sample.shop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample as its README promises: the demo runs, failures are alerted (to the log), a burst is deduplicated. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = { "server.port=0", "error-alert.redis.url=", "sample.report.initial-delay=0s" })
@ExtendWith(OutputCaptureExtension.class)
class ShopApplicationTests {

    @Autowired
    private Burst burst;

    @Autowired
    private ShopController shop;

    @Test
    void theDemoRanAndItsAlertsWentToTheLog(CapturedOutput output) {
        await().untilAsserted(() -> assertThat(output.getOut()).contains("Demo burst: thrown 1,000 errors"));
        assertThat(output.getOut()).contains("[error-alert] OrderNotFoundException in OrderService#find",
                "[error-alert] IllegalStateException in PaymentService#charge",
                "[error-alert] NullPointerException in InventoryService#stockOf");
    }

    @Test
    void failuresThroughNoAnnotatedBeanAreAlertedToo(CapturedOutput output) {
        await().untilAsserted(() -> assertThat(output.getOut()).contains(
                "[error-alert] IllegalStateException in ReceiptController#receipt",
                "[error-alert] IllegalStateException in Restocker#log",
                "[error-alert] IllegalStateException in NightlyReport#export"));
    }

    @Test
    void aBurstOfOneFailureSendsAFewAlertsNotThousands() {
        Burst.Report report = burst.fire(2_000);

        assertThat(report.thrown()).isEqualTo(2_000);
        assertThat(report.alertsSent()).isLessThanOrEqualTo(6);
    }

    @Test
    void theFailingEndpointsStillFailForTheirCallers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> shop.order(7))
                .isInstanceOf(OrderNotFoundException.class).hasMessage("Order 7 not found");
    }
}
