package dev.erroralert.benchmarks.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jspecify.annotations.Nullable;

/**
 * The scores of one JMH run, read from its JSON ({@code -rf json}): per benchmark, the primary metric's score and
 * error (99.9 % confidence half-width, JMH's default), and what JMH says about the run (its version, the JVM and its
 * flags).
 */
final class JmhScores {

    private final Map<String, Score> scores;
    private final @Nullable JsonObject first;

    private JmhScores(Map<String, Score> scores, @Nullable JsonObject first) {
        this.scores = scores;
        this.first = first;
    }

    /** The scores in {@code file}; none when the file does not exist. */
    static JmhScores read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new JmhScores(Map.of(), null);
        }
        JsonArray runs = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        Map<String, Score> scores = new LinkedHashMap<>();
        JsonObject first = null;
        for (JsonElement element : runs) {
            JsonObject run = element.getAsJsonObject();
            if (first == null) {
                first = run;
            }
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            double error = metric.get("scoreError").isJsonPrimitive()
                    && metric.get("scoreError").getAsJsonPrimitive().isNumber() ? metric.get("scoreError").getAsDouble()
                            : Double.NaN;
            scores.put(run.get("benchmark").getAsString(), new Score(metric.get("score").getAsDouble(), error,
                    metric.get("scoreUnit").getAsString(), run.get("mode").getAsString()));
        }
        return new JmhScores(scores, first);
    }

    /** The score of {@code benchmark} (its full name), if it ran. */
    Optional<Score> score(String benchmark) {
        return Optional.ofNullable(scores.get(benchmark));
    }

    boolean isEmpty() {
        return scores.isEmpty();
    }

    /** JMH's version, as the run reported it. */
    Optional<String> jmhVersion() {
        return text("jmhVersion");
    }

    /** The forked JVM: its version and VM. */
    Optional<String> jvm() {
        return text("vmName").map((vm) -> text("jdkVersion").orElse("?") + " (" + vm + " " + text("vmVersion")
                .orElse("") + ")");
    }

    /** The flags the benchmarks' forks ran with. */
    List<String> jvmArgs() {
        if (first == null || !first.has("jvmArgs")) {
            return List.of();
        }
        return first.getAsJsonArray("jvmArgs").asList().stream().map(JsonElement::getAsString).toList();
    }

    private Optional<String> text(String field) {
        return first == null || !first.has(field) ? Optional.empty() : Optional.of(first.get(field).getAsString());
    }

    /**
     * One benchmark's primary metric.
     *
     * @param score the mean (for {@code avgt})
     * @param error the 99.9 % confidence half-width; NaN when JMH could not compute it (a single iteration)
     * @param unit such as {@code ns/op}
     * @param mode such as {@code avgt}
     */
    record Score(double score, double error, String unit, String mode) {
    }
}
