package dev.erroralert.spring.autoconfigure;

import javax.sql.DataSource;

import dev.erroralert.jdbc.JdbcDedupStore;
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
}
