package dev.erroralert.spring.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import dev.erroralert.delivery.Outbox;
import dev.erroralert.jdbc.JdbcDedupStore;
import dev.erroralert.jdbc.JdbcOutbox;
import dev.erroralert.jdbc.JdbcOutboxSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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
@EnableConfigurationProperties(ErrorAlertProperties.class)
public class ErrorAlertJdbcAutoConfiguration {

    /** The chain asks stores in this order: the database after Redis. */
    public static final int ORDER = 200;

    @Bean(destroyMethod = "close")
    @Order(ORDER)
    @ConditionalOnMissingBean
    JdbcDedupStore errorAlertJdbcStore(DataSource dataSource, ErrorAlertProperties properties) {
        ErrorAlertProperties.Jdbc jdbc = properties.getJdbc();
        return new JdbcDedupStore(dataSource, jdbc.toSettings(), jdbc.getInitializeSchema());
    }

    /**
     * Where messages wait while Slack stays down, in the same database. Its lease must outlast one send; the outbox
     * keeps it renewed while a redelivery waits for pacing or a Retry-After.
     */
    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    @ConditionalOnProperty(prefix = "error-alert.delivery", name = "outbox-enabled", havingValue = "true",
            matchIfMissing = true)
    JdbcOutbox errorAlertOutbox(DataSource dataSource, ErrorAlertProperties properties) {
        String table = properties.getDelivery().getOutboxTableName();
        JdbcOutboxSettings settings = JdbcOutboxSettings.ofDefaults()
                .withTableName(table)
                .withLeaseTableName(table.length() <= 57 ? table + "_lease" : table.substring(0, 57) + "_lease")
                .withLeaseDuration(Duration.ofMinutes(5));
        return new JdbcOutbox(dataSource, settings, properties.getJdbc().getInitializeSchema());
    }
}
