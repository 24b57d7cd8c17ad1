package dev.erroralert.benchmarks.startup;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application whose start is timed: Spring Boot's auto-configuration and one service bean, no Redis, no
 * DataSource, no Slack setting — the first ten minutes of a team trying the starter. It names nothing of error-alert,
 * so the same class runs with and without the starter on the class path. Prints the JVM's uptime when the application
 * is ready, then exits.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" })
public class StartupApplication {

    /** The line the benchmark reads: the JVM's uptime in milliseconds when the application was ready. */
    static final String READY = "startup-ready-ms=";

    /** A service like any the application has. */
    public static class OrderService {

        /**
         * Looks an order up.
         *
         * @param id the order's id
         * @return its description
         */
        public String find(long id) {
            return "order " + id;
        }
    }

    @Bean
    OrderService orderService() {
        return new OrderService();
    }

    /**
     * Starts the application, prints when it was ready, and stops it.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApplication.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).properties("logging.level.root=WARN").run(args);
        long readyMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        context.getBean(OrderService.class).find(1);
        context.close();
        System.out.println(READY + readyMillis);
    }
}
