package dev.erroralert.benchmarks.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * An operator's own connection to the Redis under test, beside the application's: it reads the server's command
 * statistics, CPU time and version and can pause every client, as a hung server looks to them.
 */
final class RedisOperator implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    RedisOperator(String uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(10));
        this.client = RedisClient.create(redisUri);
        // The driver stops this Redis on purpose; a reconnecting client would only fill the log with its attempts.
        this.client.setOptions(ClientOptions.builder().autoReconnect(false).build());
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    /**
     * Calls per command since the server started ({@code INFO commandstats}), by command name in lower case. The
     * {@code INFO} that reads them is counted in the next reading, not in this one.
     */
    Map<String, Long> commandCalls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            // cmdstat_evalsha:calls=1234,usec=5678,usec_per_call=4.60,rejected_calls=0,failed_calls=0
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String command = line.substring("cmdstat_".length(), colon);
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls.put(command, Long.parseLong(field.substring("calls=".length())));
                }
            }
        }
        return calls;
    }

    /** The commands issued between two readings of {@link #commandCalls()}, without the second reading's INFO. */
    static Map<String, Long> issuedBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> issued = new TreeMap<>();
        after.forEach((command, calls) -> {
            long delta = calls - before.getOrDefault(command, 0L) - ("info".equals(command) ? 1 : 0);
            if (delta > 0) {
                issued.put(command, delta);
            }
        });
        return issued;
    }

    /**
     * CPU time the server has used since it started, system and user ({@code INFO cpu}), in seconds: its own cost,
     * whoever asked.
     */
    double cpuSeconds() {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return seconds;
    }

    /** The server's version, such as {@code 6.2.14}. */
    String version() {
        for (String line : redis.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).strip();
            }
        }
        return "unknown";
    }

    /** Let no client's command run for {@code duration}, this connection's included ({@code CLIENT PAUSE}). */
    void pauseClients(Duration duration) {
        redis.clientPause(duration.toMillis());
    }

    /** Delete every key, so that the next run starts from an empty store. */
    void flushAll() {
        redis.flushall();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
