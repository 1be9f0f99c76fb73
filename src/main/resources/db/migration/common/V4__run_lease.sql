-- One live run per job (source + task + model): the run holding a row here is alive while its
-- heartbeat is fresh. Ages are measured on the database's clock.
CREATE TABLE qb_run_lease (
    job_key      VARCHAR(64)   NOT NULL PRIMARY KEY,
    job          VARCHAR(2000) NOT NULL,
    owner        VARCHAR(300)  NOT NULL,
    started_at   TIMESTAMP     NOT NULL,
    heartbeat_at TIMESTAMP     NOT NULL
);
