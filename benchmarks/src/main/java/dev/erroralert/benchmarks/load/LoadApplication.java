package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.history.WriteBack;
import dev.erroralert.jdbc.JdbcHistoryStore;
import dev.erroralert.pipeline.AlertPipeline;
import dev.erroralert.pipeline.PipelineStats;
import dev.erroralert.spring.autoconfigure.ErrorAlertProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application under load: Spring Boot with the starter, a DataSource on PostgreSQL, error-alert's Redis, Slack
 * settings, and one annotated bean, {@link FailingService}. Nothing else is configured, so what is measured is the
 * starter's wiring as a user gets it; only the properties the driver passes differ from the defaults.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LoadApplication {

    @Bean
    FailingService failingService() {
        return new FailingService();
    }

    /** Picked up by the starter, which tells every {@code DecisionObserver} bean of each judgement. */
    @Bean
    JudgementLog judgementLog() {
        return new JudgementLog();
    }

    /** Picked up by the starter, which tells every {@code DeliveryObserver} bean what happens to each message. */
    @Bean
    DeliveryLog deliveryLog() {
        return new DeliveryLog();
    }

    /** Start the application with the properties given on top of the driver's defaults. */
    static Running start(String redisUri, String jdbcUrl, String webhookUrl, Map<String, String> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("spring.application.name", "load-driver");
        all.put("spring.main.banner-mode", "off");
        all.put("logging.level.root", "WARN");
        // The pool warns of every connection it finds closed once the driver stops the database; the store says so once.
        all.put("logging.level.com.zaxxer.hikari", "ERROR");
        all.put("spring.datasource.url", jdbcUrl);
        all.put("error-alert.redis.url", redisUri);
        all.put("error-alert.jdbc.initialize-schema", "always");
        all.put("error-alert.slack.webhook-url", webhookUrl);
        all.put("error-alert.in-app-packages", "dev.erroralert.benchmarks");
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LoadApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all)
                .run();
        return new Running(context);
    }

    /** A started application and the beans the driver reads. */
    static final class Running implements AutoCloseable {

        private final ConfigurableApplicationContext context;

        private Running(ConfigurableApplicationContext context) {
            this.context = context;
        }

        FailingService service() {
            return context.getBean(FailingService.class);
        }

        JudgementLog judgements() {
            return context.getBean(JudgementLog.class);
        }

        AlertPipeline pipeline() {
            return context.getBean(AlertPipeline.class);
        }

        WriteBack writeBack() {
            return context.getBean(WriteBack.class);
        }

        JdbcHistoryStore history() {
            return context.getBean(JdbcHistoryStore.class);
        }

        DeliveryLog deliveries() {
            return context.getBean(DeliveryLog.class);
        }

        ErrorAlertProperties properties() {
            return context.getBean(ErrorAlertProperties.class);
        }

        /** One technology's properties, such as {@code ErrorAlertRedisProperties}. */
        <T> T properties(Class<T> type) {
            return context.getBean(type);
        }

        DeliveryEngine delivery() {
            return context.getBean(DeliveryEngine.class);
        }

        /**
         * Wait until the pipeline has judged every occurrence captured so far.
         *
         * @return whether it did within {@code timeout}
         */
        boolean awaitJudged(Duration timeout) {
            return await(timeout, () -> {
                PipelineStats stats = pipeline().stats();
                return stats.judged() + stats.unattributed() >= stats.captured();
            });
        }

        /**
         * Wait until every alert handed to delivery has been delivered, parked or dropped.
         *
         * @return whether that happened within {@code timeout}
         */
        boolean awaitDelivered(Duration timeout) {
            return await(timeout, () -> deliveries().alertsSettled() >= pipeline().stats().alertsSent());
        }

        /** Messages parked in the outbox for the default destination, by any instance; -1 if unknown. */
        long outboxDepth() {
            return delivery().outboxDepth("default").orElse(-1);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }
}
