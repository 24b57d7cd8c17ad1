package dev.erroralert.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the benchmarks boot: Spring Boot's auto-configuration, error-alert's included, over the two beans
 * measured — what a user's application makes of an {@code @AlertOnError} bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchmarkApplication {

    /**
     * Boot Spring's JDBC auto-configuration would want a database URL (the jar holds a pool and a driver for the load
     * driver): the benchmarks here have no database, as an application without one.
     */
    private static final String NO_DATABASE = "spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    @Bean
    PriceList priceList() {
        return new PriceList();
    }

    @Bean
    OrderLookup orderLookup() {
        return new OrderLookup();
    }

    /** Boot the application without a web server, quietly, with {@code properties} on top. */
    static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of(NO_DATABASE,
                "spring.main.banner-mode=off",
                // Start-up lines would only add noise to JMH's output; warnings (a store down) still show.
                "logging.level.root=WARN",
                "error-alert.in-app-packages=" + BenchmarkApplication.class.getPackageName()));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(all.toArray(String[]::new))
                .run();
    }
}
