package dev.erroralert.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

/** Tables no other test uses, so that a test sees only the rows it wrote, whatever ran before it. */
final class FreshTables {

    private FreshTables() {
    }

    /** {@code settings} naming tables of their own, created in the database behind {@code dataSource}. */
    static JdbcStoreSettings create(DataSource dataSource, JdbcStoreSettings settings) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JdbcStoreSettings fresh = settings.withTableName("state_" + suffix + "_state")
                .withHistoryTableName("history_" + suffix)
                .withHistoryBatchTableName("history_batch_" + suffix)
                .withMuteTableName("mute_" + suffix);
        new JdbcSchema(dataSource, fresh).create();
        return fresh;
    }
}
