package dev.erroralert.benchmarks.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine the figures were measured on, as Linux describes it, and the JVM that writes them (the same one the
 * benchmarks ran on when {@code benchmarks/run} ran them).
 *
 * @param cpu the CPU model
 * @param cores logical processors
 * @param memory total memory, such as {@code 23.5 GiB}
 * @param os the distribution and kernel
 * @param jvm vendor, version and VM
 */
record Machine(String cpu, int cores, String memory, String os, String jvm) {

    static Machine read() {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String cpu = cpuinfo.stream().filter((line) -> line.startsWith("model name")).findFirst()
                .map(Machine::value).orElse(System.getProperty("os.arch"));
        int cores = (int) cpuinfo.stream().filter((line) -> line.startsWith("processor")).count();
        String memory = lines(Path.of("/proc/meminfo")).stream().filter((line) -> line.startsWith("MemTotal"))
                .findFirst().map((line) -> {
                    long kib = Long.parseLong(value(line).replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }).orElse("unknown");
        String distribution = lines(Path.of("/etc/os-release")).stream()
                .filter((line) -> line.startsWith("PRETTY_NAME=")).findFirst()
                .map((line) -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        String os = distribution + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        String jvm = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")";
        return new Machine(cpu, cores == 0 ? Runtime.getRuntime().availableProcessors() : cores, memory, os, jvm);
    }

    private static String value(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line.strip() : line.substring(colon + 1).strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        }
        catch (IOException ex) {
            // Not Linux, or not readable: the writer says "unknown" rather than failing.
            return List.of();
        }
    }
}
