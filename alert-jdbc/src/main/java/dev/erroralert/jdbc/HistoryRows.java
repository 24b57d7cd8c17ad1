package dev.erroralert.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryDelta;
import dev.erroralert.history.HistoryEntry;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The rows of the history table as the {@link JdbcHistoryStore} and the {@link JdbcDedupStore} both write and read
 * them: the upsert's SQL every dialect shares, its parameters, and the mapping back.
 */
final class HistoryRows {

    /** The columns a dialect's upsert inserts, in the order of {@link #INSERTED}. */
    static final String COLUMNS = """
            fingerprint, exception_type, sample_message, location, application, environment, first_seen_ms,
            last_seen_ms, total_count, alerts_sent, alerted_count, suppressed_count""";

    /** The values of a new row, for {@link #COLUMNS}. */
    static final String INSERTED = """
            :fingerprint, :exceptionType, :sampleMessage, :location, :application, :environment, :firstSeen,
            :lastSeen, :occurrences, :alertsSent, :alertedOccurrences, :suppressed""";

    /**
     * The upsert applied to an existing row named {@code stored}, written once for every dialect: counts added,
     * suppressed recomputed from the new totals, first and last seen widened, details filled only when the row has
     * none. Every expression reads the row as it was, so on MySQL, which reads values already assigned, the order
     * matters: {@code suppressed_count} before the counts it is computed from, {@code exception_type} (which tells
     * whether the row has details) last.
     */
    static final String UPDATE_STORED = """
            suppressed_count = CASE WHEN stored.total_count + :occurrences > stored.alerted_count + :alertedOccurrences
                THEN stored.total_count + :occurrences - stored.alerted_count - :alertedOccurrences ELSE 0 END,
            total_count = stored.total_count + :occurrences,
            alerts_sent = stored.alerts_sent + :alertsSent,
            alerted_count = stored.alerted_count + :alertedOccurrences,
            first_seen_ms = LEAST(stored.first_seen_ms, :firstSeen),
            last_seen_ms = GREATEST(stored.last_seen_ms, :lastSeen),
            sample_message = CASE WHEN stored.exception_type IS NULL THEN :sampleMessage ELSE stored.sample_message END,
            location = CASE WHEN stored.exception_type IS NULL THEN :location ELSE stored.location END,
            application = CASE WHEN stored.exception_type IS NULL THEN :application ELSE stored.application END,
            environment = CASE WHEN stored.exception_type IS NULL THEN :environment ELSE stored.environment END,
            exception_type = COALESCE(stored.exception_type, :exceptionType)
            """;

    /** The columns {@link #ENTRY} reads. */
    static final String SELECTED = """
            fingerprint, exception_type, sample_message, location, application, environment, first_seen_ms,
            last_seen_ms, total_count, alerts_sent, suppressed_count""";

    static final RowMapper<HistoryEntry> ENTRY = (row, rowNumber) -> new HistoryEntry(
            new Fingerprint(row.getString("fingerprint")), details(row), row.getLong("first_seen_ms"),
            row.getLong("last_seen_ms"), row.getLong("total_count"), row.getLong("alerts_sent"),
            row.getLong("suppressed_count"));

    private HistoryRows() {
    }

    /** The upsert's parameters for a delta of the write-back. */
    static MapSqlParameterSource parameters(HistoryDelta delta) {
        return parameters(delta.fingerprint(), delta.occurrences(), delta.alertsSent(), delta.alertedOccurrences(),
                delta.firstSeenMillis(), delta.lastSeenMillis(), delta.details());
    }

    /** The upsert's parameters for occurrences counted at {@code nowMillis}, no alert known yet. */
    static MapSqlParameterSource parameters(Fingerprint fingerprint, long occurrences, long nowMillis,
            @Nullable ErrorDetails details) {
        return parameters(fingerprint, occurrences, 0, 0, nowMillis, nowMillis, details);
    }

    private static MapSqlParameterSource parameters(Fingerprint fingerprint, long occurrences, long alertsSent,
            long alertedOccurrences, long firstSeenMillis, long lastSeenMillis, @Nullable ErrorDetails details) {
        // Typed, so that a null reaches every driver as a string: the details are null when unknown.
        return new MapSqlParameterSource()
                .addValue("fingerprint", fingerprint.value())
                .addValue("exceptionType", details == null ? null : details.exceptionType(), Types.VARCHAR)
                .addValue("sampleMessage", details == null ? null : details.sampleMessage(), Types.VARCHAR)
                .addValue("location", details == null ? null : details.location(), Types.VARCHAR)
                .addValue("application", details == null ? null : details.application(), Types.VARCHAR)
                .addValue("environment", details == null ? null : details.environment(), Types.VARCHAR)
                .addValue("firstSeen", firstSeenMillis)
                .addValue("lastSeen", lastSeenMillis)
                .addValue("occurrences", occurrences)
                .addValue("alertsSent", alertsSent)
                .addValue("alertedOccurrences", alertedOccurrences)
                .addValue("suppressed", Math.max(0, occurrences - alertedOccurrences));
    }

    /** The details of a row read with the history's detail columns, {@code null} when it has none. */
    static @Nullable ErrorDetails details(ResultSet row) throws SQLException {
        String exceptionType = row.getString("exception_type");
        if (exceptionType == null) {
            return null;
        }
        // Written together with the type, so never null beside it unless someone edited the row by hand.
        return new ErrorDetails(exceptionType, row.getString("sample_message"), orEmpty(row.getString("location")),
                orEmpty(row.getString("application")), orEmpty(row.getString("environment")));
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
