-- The error-alert outbox: messages a destination did not take, redelivered in the order of id. InnoDB for the row
-- locks of the leases; utf8mb4, whatever the server's default, for any text a message holds. MEDIUMTEXT, as TEXT
-- stops at 64 KB. Indexes are declared in the table: MySQL has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${table} (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    destination  VARCHAR(100)  NOT NULL,
    payload      MEDIUMTEXT    NOT NULL,
    summary      VARCHAR(4000) NOT NULL,
    alerts       INTEGER       NOT NULL,
    parked_at_ms BIGINT        NOT NULL,
    -- Redelivery and depth read one destination's messages, oldest first.
    INDEX ${destinationIndex} (destination, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Who redelivers which destination, and until when without renewing; one row per destination, kept once created.
CREATE TABLE IF NOT EXISTS ${leaseTable} (
    destination   VARCHAR(100) NOT NULL PRIMARY KEY,
    holder        VARCHAR(64)  NOT NULL,
    expires_at_ms BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
