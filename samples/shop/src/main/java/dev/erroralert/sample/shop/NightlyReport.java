package dev.erroralert.sample.shop;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A scheduled job that fails: alerted by error-alert's {@code @Scheduled} capture, at {@code NightlyReport#export}. */
@Component
public class NightlyReport {

    @Scheduled(initialDelayString = "${sample.report.initial-delay:3s}", fixedDelayString = "${sample.report.every:1h}")
    public void export() {
        throw new IllegalStateException("report export: the reports folder is read-only");
    }
}
