package dev.erroralert.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time per thread between two moments, the poor man's profile of a run: which of the pipeline's threads (or the
 * callers, or the collector's, which the JVM does not report here) took the machine's two cores. Threads are grouped
 * by name with their numbers left out, so a pool reads as one line.
 */
final class ThreadCpu {

    private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startNanos;
    private final Map<Long, String> names = new HashMap<>();

    private ThreadCpu(Map<Long, Long> startNanos) {
        this.startNanos = startNanos;
    }

    /** Start counting from now. */
    static ThreadCpu start() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        return new ThreadCpu(read(new HashMap<>()));
    }

    /** Milliseconds of CPU per thread group since {@link #start()}, busiest first; threads ended meanwhile are lost. */
    Map<String, Long> millisSinceStart() {
        Map<Long, Long> now = read(names);
        Map<String, Long> byGroup = new HashMap<>();
        now.forEach((id, nanos) -> {
            long used = nanos - startNanos.getOrDefault(id, 0L);
            String group = names.getOrDefault(id, "?").replaceAll("\\d+", "#");
            byGroup.merge(group, used, Long::sum);
        });
        Map<String, Long> millis = new LinkedHashMap<>();
        byGroup.entrySet().stream()
                .filter((entry) -> entry.getValue() >= 1_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach((entry) -> millis.put(entry.getKey(), entry.getValue() / 1_000_000));
        return millis;
    }

    private static Map<Long, Long> read(Map<Long, String> names) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }
}
