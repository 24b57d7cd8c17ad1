package dev.erroralert.spring.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.erroralert.delivery.Outbox;
import dev.erroralert.history.HistoryStore;
import dev.erroralert.history.PendingCounts;
import dev.erroralert.history.WriteBack;
import dev.erroralert.jdbc.JdbcDedupStore;
import dev.erroralert.jdbc.JdbcHistoryStore;
import dev.erroralert.jdbc.JdbcMuteStore;
import dev.erroralert.jdbc.JdbcOutbox;
import dev.erroralert.jdbc.JdbcOutboxSettings;
import dev.erroralert.jdbc.JdbcThreadStore;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.StoreThreads;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database store, after Redis in the chain, on the application's own {@link DataSource}. It touches the database
 * on first use only, creating its table then if {@code error-alert.jdbc.initialize-schema} says so, so an
 * unreachable database never holds up or fails a start.
 */
@AutoConfiguration(before = ErrorAlertAutoConfiguration.class,
        afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" })
@ConditionalOnClass({ JdbcDedupStore.class, JdbcTemplate.class })
@ConditionalOnProperty(prefix = "error-alert", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "error-alert.jdbc", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ ErrorAlertJdbcProperties.class, ErrorAlertHistoryProperties.class,
        ErrorAlertDeliveryProperties.class })
public class ErrorAlertJdbcAutoConfiguration {

    /** The chain asks stores in this order: the database after Redis. */
    public static final int ORDER = 200;

    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    @Bean(destroyMethod = "close")
    @Order(ORDER)
    @ConditionalOnMissingBean
    JdbcDedupStore errorAlertJdbcStore(DataSource dataSource, ErrorAlertJdbcProperties jdbc,
            ErrorAlertHistoryProperties history) {
        // With the history on, the store writes what it decides into the history in the same transaction: while
        // Redis is down its occurrences reach the history exactly once, without a write-back.
        return new JdbcDedupStore(dataSource, jdbc.toSettings(history.isEnabled()),
                jdbc.getInitializeSchema());
    }

    /**
     * Slack threads kept in the database beside the store's records, on its worker; the chain asks them through the
     * store's circuit.
     */
    @Bean
    @Order(ORDER)
    StoreThreads errorAlertJdbcThreads(JdbcDedupStore store) {
        return new StoreThreads(store.name(), new JdbcThreadStore(store));
    }

    /** Mutes shared through the database, read after Redis's. */
    @Bean
    @Order(ORDER)
    @ConditionalOnMissingBean
    JdbcMuteStore errorAlertJdbcMutes(DataSource dataSource, ErrorAlertJdbcProperties jdbc,
            ErrorAlertHistoryProperties history) {
        return new JdbcMuteStore(dataSource, jdbc.toSettings(history.isEnabled()),
                jdbc.getInitializeSchema());
    }

    /** Deletes the records and threads no longer needed, once an hour, on the housekeeping thread. */
    @Bean
    HousekeepingTask errorAlertJdbcPurge(JdbcDedupStore store) {
        return new HousekeepingTask("purge expired records", PURGE_INTERVAL,
                () -> store.purgeExpired(System.currentTimeMillis()), false);
    }

    /** The error history, exact totals per error, in the same database. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "error-alert.history", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class History {

        @Bean
        @ConditionalOnMissingBean(HistoryStore.class)
        JdbcHistoryStore errorAlertHistoryStore(DataSource dataSource, ErrorAlertJdbcProperties jdbc) {
            return new JdbcHistoryStore(dataSource, jdbc.toSettings(true), jdbc.getInitializeSchema());
        }

        /**
         * Moves what Redis counted (and what the direct link counted while every store was down) into the history.
         * Its source stores come from the chain, so they outlive it.
         */
        @Bean
        @ConditionalOnMissingBean
        WriteBack errorAlertWriteBack(HistoryStore history, DecisionChain chain,
                ErrorAlertHistoryProperties properties) {
            List<PendingCounts> sources = chain.stores().stream().filter(PendingCounts.class::isInstance)
                    .map(PendingCounts.class::cast).toList();
            return new WriteBack(sources, history, properties.getWriteBackLease(), Clock.systemUTC());
        }

        /** The write-back on its interval, and once more after the pipeline's last judgement. */
        @Bean
        HousekeepingTask errorAlertWriteBackTask(WriteBack writeBack, ErrorAlertHistoryProperties properties) {
            return new HousekeepingTask("write-back", properties.getWriteBackInterval(),
                    writeBack::syncNow, true);
        }

        /** Deletes history rows (and batch ids) older than the retention, once an hour. */
        @Bean
        HousekeepingTask errorAlertHistoryPurge(HistoryStore history, ErrorAlertHistoryProperties properties) {
            Duration retention = properties.getRetention();
            return new HousekeepingTask("purge old history", PURGE_INTERVAL,
                    () -> history.purgeOlderThan(System.currentTimeMillis() - retention.toMillis()), false);
        }
    }

    /**
     * Where messages wait while Slack stays down, in the same database. Its lease must outlast one send; the outbox
     * keeps it renewed while a redelivery waits for pacing or a Retry-After.
     */
    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    @ConditionalOnProperty(prefix = "error-alert.delivery", name = "outbox-enabled", havingValue = "true",
            matchIfMissing = true)
    JdbcOutbox errorAlertOutbox(DataSource dataSource, ErrorAlertDeliveryProperties delivery,
            ErrorAlertJdbcProperties jdbc) {
        String table = delivery.getOutboxTableName();
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults()
                .withTableName(table)
                .withLeaseTableName(table.length() <= 57 ? table + "_lease" : table.substring(0, 57) + "_lease")
                .withLeaseDuration(Duration.ofMinutes(5));
        return new JdbcOutbox(dataSource, settings, jdbc.getInitializeSchema());
    }
}
