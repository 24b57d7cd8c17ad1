-- The error-alert deduplication state: one row per fingerprint, times in epoch milliseconds of the application.
CREATE TABLE IF NOT EXISTS ${table} (
    fingerprint   VARCHAR(32) NOT NULL PRIMARY KEY,
    occurrences   BIGINT      NOT NULL,
    first_seen_ms BIGINT      NOT NULL,
    last_seen_ms  BIGINT      NOT NULL,
    expires_at_ms BIGINT      NOT NULL
);

-- Purging dead rows reads them by expiry.
CREATE INDEX IF NOT EXISTS ${expiresIndex} ON ${table} (expires_at_ms);
