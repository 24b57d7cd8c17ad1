package dev.erroralert.benchmarks.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The start-up cost of the starter, measured side by side: {@link StartupApplication} started in fresh JVMs, with and
 * without the starter (and what it brings: AspectJ, the Slack SDK, Resilience4j) on the class path, alternately so
 * that a machine's drift weighs on both alike. Reports each variant's median time to ready and the difference.
 * <p>
 * Usage: {@code java -cp benchmarks/target/classes:DEPENDENCIES StartupBenchmark --with CLASSPATH_FILE --without
 * CLASSPATH_FILE [--runs N] [--out FILE]}; the build writes both class path files into {@code benchmarks/target}, and
 * {@code benchmarks/run --startup} runs it.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        Path with = null;
        Path without = null;
        Path out = null;
        int runs = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--with" -> with = Path.of(args[++i]);
                case "--without" -> without = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; usage: --with FILE --without FILE [--runs N] [--out FILE]");
            }
        }
        if (with == null || without == null || runs < 1) {
            throw new IllegalArgumentException("Usage: --with FILE --without FILE [--runs N] [--out FILE]");
        }
        // The module's classes, not the benchmarks jar: that one holds the starter too.
        Path classes = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("Run from the module's classes (benchmarks/target/classes), not "
                    + classes);
        }
        String withClasspath = classes + java.io.File.pathSeparator + Files.readString(with).strip();
        String withoutClasspath = classes + java.io.File.pathSeparator + Files.readString(without).strip();
        // One of each first, not counted: the disk cache and the JIT of the JDK's own start settle.
        start(withClasspath);
        start(withoutClasspath);
        List<Long> withMillis = new ArrayList<>();
        List<Long> withoutMillis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            withoutMillis.add(start(withoutClasspath));
            withMillis.add(start(withClasspath));
        }
        long withMedian = median(withMillis);
        long withoutMedian = median(withoutMillis);
        String report = String.format(Locale.ROOT, "{\"runs\": %d, \"withoutStarterMedianMillis\": %d, "
                + "\"withStarterMedianMillis\": %d, \"addedMillis\": %d, \"ratio\": %.3f, "
                + "\"withoutStarterMillis\": %s, \"withStarterMillis\": %s}", runs, withoutMedian, withMedian,
                withMedian - withoutMedian, (double) withMedian / withoutMedian, withoutMillis, withMillis);
        System.out.println(report);
        System.out.printf(Locale.ROOT, "Time to ready, median of %d: without the starter %d ms, with it %d ms: +%d ms "
                + "(%.2fx)%n", runs, withoutMedian, withMedian, withMedian - withoutMedian,
                (double) withMedian / withoutMedian);
        if (out != null) {
            Files.writeString(out, report + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Starts the application once in a fresh JVM on {@code classpath}; its uptime when it was ready. */
    private static long start(String classpath) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", classpath,
                StartupApplication.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("The application did not start:\n" + output);
        }
        return output.lines().filter(line -> line.startsWith(StartupApplication.READY))
                .map(line -> Long.parseLong(line.substring(StartupApplication.READY.length()).strip())).findFirst()
                .orElseThrow(() -> new IllegalStateException("No ready line in:\n" + output));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
