package dev.erroralert.sample.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small shop whose services fail on purpose, wired to error-alert as any application would be: one dependency,
 * {@code @AlertOnError} on the services, and a webhook URL (from {@code SLACK_WEBHOOK_URL}; without it alerts go to
 * the log). On a fresh machine it brings its own Redis and uses an in-memory H2 database.
 */
@SpringBootApplication
@EnableScheduling
public class ShopApplication {

    public static void main(String[] args) {
        LocalRedis.startUnlessConfigured();
        SpringApplication.run(ShopApplication.class, args);
    }
}
