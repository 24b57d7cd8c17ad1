-- The error-alert deduplication state: one row per fingerprint, times in epoch milliseconds of the application.
-- alerted: the occurrences of the live episode that alerts were sent for; an expired row with more occurrences than
-- that waits for its quiet summary.
-- reminded_at_ms, reminded_count: the last reminder of an error still occurring past its cap, and its count then;
-- of the live episode only when reminded_at_ms is not before first_seen_ms (a new episode reuses the row).
-- InnoDB for the row locks the counting step relies on; utf8mb4_bin, whatever the server's default, so keys compare
-- exactly as in PostgreSQL. Indexes are declared in the table: MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${table} (
    fingerprint   VARCHAR(32) NOT NULL PRIMARY KEY,
    occurrences   BIGINT      NOT NULL,
    first_seen_ms BIGINT      NOT NULL,
    last_seen_ms  BIGINT      NOT NULL,
    expires_at_ms BIGINT      NOT NULL,
    alerted       BIGINT      NOT NULL DEFAULT 0,
    reminded_at_ms BIGINT     NOT NULL DEFAULT 0,
    reminded_count BIGINT     NOT NULL DEFAULT 0,
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

-- The error history: every occurrence counted by every instance, one row per fingerprint, kept after the state row
-- expired and purged after a retention. The details are those of the first instance that knew them.
CREATE TABLE IF NOT EXISTS ${historyTable} (
    fingerprint      VARCHAR(32)   NOT NULL PRIMARY KEY,
    exception_type   VARCHAR(255),
    sample_message   VARCHAR(1000),
    location         VARCHAR(500),
    application      VARCHAR(100),
    environment      VARCHAR(100),
    first_seen_ms    BIGINT        NOT NULL,
    last_seen_ms     BIGINT        NOT NULL,
    total_count      BIGINT        NOT NULL,
    alerts_sent      BIGINT        NOT NULL,
    alerted_count    BIGINT        NOT NULL,
    suppressed_count BIGINT        NOT NULL,
    -- The most recent rows are listed, and the oldest purged, by last seen.
    INDEX ${historyIndex} (last_seen_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The batches applied to the history, recorded in the same transaction as their counts so none is applied twice.
CREATE TABLE IF NOT EXISTS ${historyBatchTable} (
    batch_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    applied_at_ms BIGINT       NOT NULL,
    -- Purging old batch ids reads them by age.
    INDEX ${historyBatchIndex} (applied_at_ms)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Mutes shared by every instance, keyed by target (fingerprint:<hex> or type:<class name>); until_ms is
-- 9223372036854775807 for a permanent one.
CREATE TABLE IF NOT EXISTS ${muteTable} (
    target        VARCHAR(300) NOT NULL PRIMARY KEY,
    until_ms      BIGINT       NOT NULL,
    updated_at_ms BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
