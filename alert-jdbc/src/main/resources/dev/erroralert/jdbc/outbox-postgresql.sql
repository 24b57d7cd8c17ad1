-- The error-alert outbox: messages a destination did not take, redelivered in the order of id.
CREATE TABLE IF NOT EXISTS ${table} (
    id           BIGSERIAL     NOT NULL PRIMARY KEY,
    destination  VARCHAR(100)  NOT NULL,
    payload      TEXT          NOT NULL,
    summary      VARCHAR(4000) NOT NULL,
    alerts       INTEGER       NOT NULL,
    parked_at_ms BIGINT        NOT NULL
);

-- Redelivery and depth read one destination's messages, oldest first.
CREATE INDEX IF NOT EXISTS ${destinationIndex} ON ${table} (destination, id);

-- Who redelivers which destination, and until when without renewing; one row per destination, kept once created.
CREATE TABLE IF NOT EXISTS ${leaseTable} (
    destination   VARCHAR(100) NOT NULL PRIMARY KEY,
    holder        VARCHAR(64)  NOT NULL,
    expires_at_ms BIGINT       NOT NULL
);
