-- Scaled-out runs: which worker runs each partition, and when it last said it was alive.
-- The manager compares heartbeat_at with the database's own clock (no clock skew between machines).
CREATE TABLE qb_partition_worker (
    step_execution_id BIGINT       NOT NULL PRIMARY KEY,
    worker_id         VARCHAR(300) NOT NULL,
    started_at        TIMESTAMP    NOT NULL,
    heartbeat_at      TIMESTAMP    NOT NULL
);
