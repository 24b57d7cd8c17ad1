package dev.erroralert.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.erroralert.spring.aop.AlertOnErrorInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The healthy path: a call to a bean method that does not throw, as a plain object, behind a plain Spring proxy, and
 * as the {@code @AlertOnError} bean a Spring Boot application gets. The target: the annotated bean within 5 ns/op of
 * the plain proxy — the advice adds a {@code try} and nothing else while nothing is thrown.
 * <p>
 * Each benchmark takes only the state it needs, so with JMH's usual fork per benchmark only the annotated one boots
 * a context. Each returns what the call returned, which JMH sinks into a {@code Blackhole}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HealthyPathBenchmark {

    /** The argument of every call; a field, not a constant, so the JIT cannot fold the call into its result. */
    @State(Scope.Thread)
    public static class Argument {

        long orderId = 4711;
    }

    /** The bean as a plain object. The JIT inlines the call, so this is JMH's own loop: the floor of the three. */
    @State(Scope.Benchmark)
    public static class Direct {

        PriceList prices;

        @Setup(Level.Trial)
        public void setUp() {
            prices = new PriceList();
        }
    }

    /** The same class behind a plain Spring proxy: see {@link ComparedProxies} for why this one. */
    @State(Scope.Benchmark)
    public static class PlainProxy {

        PriceList prices;

        @Setup(Level.Trial)
        public void setUp() {
            prices = ComparedProxies.plain(new PriceList());
        }
    }

    /**
     * The bean from a Spring Boot application with error-alert's auto-configuration. Nothing slow is on: no store,
     * alerts to the log (none is raised here), no quiet summaries; none of it is on the healthy path anyway.
     */
    @State(Scope.Benchmark)
    public static class Annotated {

        ConfigurableApplicationContext context;
        PriceList prices;

        @Setup(Level.Trial)
        public void setUp() {
            context = BenchmarkApplication.start("error-alert.quiet-summary.enabled=false",
                    "error-alert.history.enabled=false");
            prices = context.getBean(PriceList.class);
            ComparedProxies.requireOneAdvice(prices, AlertOnErrorInterceptor.class);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            context.close();
        }
    }

    @Benchmark
    public long direct(Direct bean, Argument argument) {
        return bean.prices.priceOf(argument.orderId);
    }

    @Benchmark
    public long plainProxy(PlainProxy bean, Argument argument) {
        return bean.prices.priceOf(argument.orderId);
    }

    @Benchmark
    public long annotatedProxy(Annotated bean, Argument argument) {
        return bean.prices.priceOf(argument.orderId);
    }
}
