package dev.erroralert.jdbc;

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

    /** Reads the record as the step left it, from a statement returning {@code occurrences, first_seen_ms}. */
    RowMapper<Counted> COUNTED = (row, rowNumber) -> new Counted(row.getLong("occurrences"),
            row.getLong("first_seen_ms"));

    /** Count one step and return the record as the step left it. */
    Counted run(NamedParameterJdbcOperations jdbc, SqlParameterSource parameters);

    /**
     * A fingerprint's record after a step.
     *
     * @param occurrences the live record's count, this step's delta included
     * @param firstSeenMillis when the live record was created
     */
    record Counted(long occurrences, long firstSeenMillis) {
    }
}
