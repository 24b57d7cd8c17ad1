package dev.erroralert.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * A dialect's atomic counting step, prepared for one table. The parameters are {@code fingerprint},
 * {@code delta}, {@code now}, {@code freshExpiresAt} (for a new or reset record) and {@code liveExpiresAt}
 * (for a live one).
 */
@FunctionalInterface
interface CountStatement {

    /**
     * The step applied to an existing row named {@code stored}, shared by every dialect so the rule is written once:
     * a live row (not yet expired at {@code now}) adds the delta and slides its expiry; a dead one starts afresh, a
     * new episode none of whose occurrences has been alerted yet. {@code expires_at_ms} is read before it is
     * assigned, so the assignments are order-independent except on MySQL, where it must stay last.
     */
    String UPDATE_STORED = """
            occurrences = CASE WHEN stored.expires_at_ms > :now THEN stored.occurrences + :delta ELSE :delta END,
            first_seen_ms = CASE WHEN stored.expires_at_ms > :now THEN stored.first_seen_ms ELSE :now END,
            last_seen_ms = :now,
            alerted = CASE WHEN stored.expires_at_ms > :now THEN stored.alerted ELSE 0 END,
            expires_at_ms = CASE WHEN stored.expires_at_ms > :now THEN :liveExpiresAt ELSE :freshExpiresAt END
            """;

    /** Reads the record as the step left it, from a statement returning {@code occurrences, first_seen_ms}. */
    RowMapper<Counted> COUNTED = (row, rowNumber) -> new Counted(row.getLong("occurrences"),
            row.getLong("first_seen_ms"));

    /** Count one step and return the record as the step left it. */
    Counted run(NamedParameterJdbcOperations jdbc, SqlParameterSource parameters);

    /**
     * Count several steps, in order, within the caller's transaction, and return the records as each step left them.
     * By default one step after the other; a dialect that can batch them does.
     */
    default List<Counted> runAll(NamedParameterJdbcOperations jdbc, List<? extends SqlParameterSource> steps) {
        List<Counted> counted = new ArrayList<>(steps.size());
        for (SqlParameterSource step : steps) {
            counted.add(run(jdbc, step));
        }
        return counted;
    }

    /**
     * A fingerprint's record after a step.
     *
     * @param occurrences the live record's count, this step's delta included
     * @param firstSeenMillis when the live record was created
     */
    record Counted(long occurrences, long firstSeenMillis) {
    }
}
