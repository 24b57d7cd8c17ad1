-- The error-alert deduplication state: one row per fingerprint, times in epoch milliseconds of the application.
-- InnoDB for the row locks the counting step relies on; utf8mb4_bin, whatever the server's default, so keys compare
-- exactly as in PostgreSQL. Indexes are declared in the table: MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${table} (
    fingerprint   VARCHAR(32) NOT NULL PRIMARY KEY,
    occurrences   BIGINT      NOT NULL,
    first_seen_ms BIGINT      NOT NULL,
    last_seen_ms  BIGINT      NOT NULL,
    expires_at_ms BIGINT      NOT NULL,
    -- Purging dead rows reads them by expiry.
    INDEX ${expiresIndex} (expires_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The chat thread (a Slack message ts) that alerts of a fingerprint go to on a destination. Apart from the state row,
-- so the counting step stays as it is; read only while that row is live and began no later than the thread, and
-- purged with the expired rows.
CREATE TABLE IF NOT EXISTS ${threadTable} (
    fingerprint   VARCHAR(32)  NOT NULL,
    destination   VARCHAR(64)  NOT NULL,
    thread        VARCHAR(64)  NOT NULL,
    updated_at_ms BIGINT       NOT NULL,
    PRIMARY KEY (fingerprint, destination),
    -- Purging old threads reads them by age.
    INDEX ${threadIndex} (updated_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
