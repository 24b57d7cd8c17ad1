package dev.erroralert.sample.shop;

import java.time.Duration;

import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import org.springframework.stereotype.Component;

/** Throws the same failure many times, as an incident would, and reports what error-alert made of it. */
@Component
public class Burst {

    private final OrderService orders;
    private final AlertPipeline pipeline;

    public Burst(OrderService orders, AlertPipeline pipeline) {
        this.orders = orders;
        this.pipeline = pipeline;
    }

    /**
     * What a burst did.
     *
     * @param thrown how many exceptions the service threw
     * @param alertsSent how many alerts went out meanwhile
     * @param suppressed how many judgements were counted but not alerted
     */
    public record Report(long thrown, long alertsSent, long suppressed) {

        @Override
        public String toString() {
            return String.format("thrown %,d errors; %,d alerts sent, %,d judgements suppressed", thrown, alertsSent,
                    suppressed);
        }
    }

    public Report fire(int count) {
        // Earlier failures still being judged must not count as this burst's alerts.
        awaitJudged(Duration.ofSeconds(5));
        PipelineStats before = pipeline.stats();
        long thrown = 0;
        for (int i = 0; i < count; i++) {
            try {
                orders.find(10_000 + i);
            }
            catch (OrderNotFoundException ex) {
                thrown++;
            }
        }
        awaitJudged(Duration.ofSeconds(5));
        PipelineStats after = pipeline.stats();
        return new Report(thrown, after.alertsSent() - before.alertsSent(),
                after.alertsSuppressed() - before.alertsSuppressed());
    }

    /** Alerts are decided in the background; wait (briefly) until every occurrence has been judged. */
    private void awaitJudged(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (pipeline.stats().judged() < pipeline.stats().captured() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
