package dev.erroralert.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.erroralert.notify.Alert;

/**
 * What one message carries: errors named one per line, and, past the naming budget of a storm, further errors
 * counted by type and location.
 * <p>
 * A line stands for one error: its alerts that were due together are one line, the latest of them with the range of
 * occurrences they cover ("2nd–5th occurrence"). A destination renders a digest with one line as that alert alone.
 *
 * @param lines the errors named, in the order they became due
 * @param counted the errors not named, grouped by type and location, largest group first
 * @param alerts how many alerts the digest stands for (a line may stand for several), for the delivery counts
 */
public record Digest(List<Line> lines, List<Counted> counted, int alerts) {

    /** Counted groups one message carries at most; more wait for the next. */
    public static final int MAX_COUNTED_GROUPS = 20;

    public Digest {
        lines = List.copyOf(lines);
        counted = List.copyOf(counted);
        if (lines.isEmpty() && counted.isEmpty()) {
            throw new IllegalArgumentException("A digest carries at least one line or one counted group");
        }
        if (alerts < 1) {
            throw new IllegalArgumentException("A digest stands for at least one alert, got " + alerts);
        }
    }

    /** A digest naming each of {@code alerts} on a line of its own. */
    public static Digest of(List<Alert> alerts) {
        return new Digest(alerts.stream().map(Line::of).toList(), List.of(), alerts.size());
    }

    /** The digest of one alert. */
    public static Digest of(Alert alert) {
        return of(List.of(alert));
    }

    /** The alerts named, one per line. */
    public List<Alert> named() {
        List<Alert> named = new ArrayList<>(lines.size());
        for (Line line : lines) {
            named.add(line.alert());
        }
        return named;
    }

    /** Whether the digest is a single alert, named alone, to be shown as itself. */
    public boolean isSingle() {
        return lines.size() == 1 && counted.isEmpty();
    }

    /** How many errors it accounts for: named and counted. */
    public long errors() {
        long errors = lines.size();
        for (Counted group : counted) {
            errors += group.errors();
        }
        return errors;
    }

    /**
     * One error's line.
     *
     * @param alert the latest of the error's alerts that were due together
     * @param fromCount the count of the earliest of them, equal to the alert's own count when it is alone
     */
    public record Line(Alert alert, long fromCount) {

        public Line {
            Objects.requireNonNull(alert, "alert");
        }

        static Line of(Alert alert) {
            return new Line(alert, alert.count());
        }

        /** "3rd occurrence in 5 min", or for several alerts of the error "2nd–5th occurrence in 5 min". */
        public String occurrenceText() {
            return alert.occurrenceText(fromCount);
        }
    }

    /**
     * Errors of one type and location that were not named, because a storm used up the naming budget or the backlog
     * held as many distinct errors as it may.
     *
     * @param type the exception type's simple name
     * @param location where they were captured ("OrderService#place")
     * @param errors how many distinct errors
     * @param occurrences how many occurrences their alerts counted
     */
    public record Counted(String type, String location, long errors, long occurrences) {

        public Counted {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(location, "location");
        }

        /** "IllegalStateException in OrderService#place". */
        public String headline() {
            return type + " in " + location;
        }
    }
}
