package dev.erroralert.jdbc;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * A counting step whose many steps go to the database as one JDBC batch of upserts, then one read-back of the rows
 * they left, instead of a round trip (or two) per step. JDBC returns no rows from a batch, so the records are read
 * back afterwards, in the same transaction: each upsert locks its row until the transaction ends, so what is read is
 * exactly what the step left, whichever other connections count the same errors meanwhile.
 * <p>
 * Steps of one fingerprint twice in a batch are run one after the other instead: a read-back sees only the last.
 */
final class BatchedCountStatement implements CountStatement {

    /** Fingerprints read back per query, well within every driver's limit on parameters. */
    private static final int READ_BACK_CHUNK = 500;

    private final CountStatement single;
    private final String upsert;
    private final String readBack;

    /**
     * @param single the step on its own, as the dialect runs one
     * @param upsert the step's insert-or-update, returning nothing, with the parameters of {@link CountStatement}
     * @param tableName the counting table, a name already validated
     */
    BatchedCountStatement(CountStatement single, String upsert, String tableName) {
        this.single = single;
        this.upsert = upsert;
        this.readBack = "SELECT fingerprint, occurrences, first_seen_ms FROM " + tableName
                + " WHERE fingerprint IN (:fingerprints)";
    }

    @Override
    public Counted run(NamedParameterJdbcOperations jdbc, SqlParameterSource parameters) {
        return single.run(jdbc, parameters);
    }

    @Override
    public List<Counted> runAll(NamedParameterJdbcOperations jdbc, List<? extends SqlParameterSource> steps) {
        List<String> fingerprints = steps.stream().map((step) -> (String) step.getValue("fingerprint")).toList();
        Set<String> distinct = new HashSet<>(fingerprints);
        if (steps.size() < 2 || distinct.size() < steps.size()) {
            return CountStatement.super.runAll(jdbc, steps);
        }
        jdbc.batchUpdate(upsert, steps.toArray(SqlParameterSource[]::new));
        Map<String, Counted> counted = new HashMap<>();
        for (int from = 0; from < fingerprints.size(); from += READ_BACK_CHUNK) {
            List<String> chunk = fingerprints.subList(from, Math.min(fingerprints.size(), from + READ_BACK_CHUNK));
            jdbc.query(readBack, Map.of("fingerprints", chunk), (row) -> {
                counted.put(row.getString("fingerprint"), CountStatement.COUNTED.mapRow(row, 0));
            });
        }
        if (counted.size() != fingerprints.size()) {
            // Every upsert leaves a row that only this transaction can change until it ends.
            throw new IncorrectResultSizeDataAccessException("Counted " + fingerprints.size()
                    + " fingerprints but read back " + counted.size(), fingerprints.size(), counted.size());
        }
        return fingerprints.stream().map(counted::get).toList();
    }
}
