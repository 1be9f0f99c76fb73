-- How fast each completed run analysed rows on which machine, for the plan a run prints at
-- start (expected duration, what fits before --stop-at). Rows analysed, not read: unchanged
-- rows cost nearly nothing.
CREATE TABLE qb_run_rate (
    host           VARCHAR(200)     NOT NULL,
    model_id       VARCHAR(500)     NOT NULL,
    task           VARCHAR(64)      NOT NULL,
    task_when      VARCHAR(200)     NOT NULL,
    labels         VARCHAR(500)     NOT NULL,
    rows_analysed  BIGINT           NOT NULL,
    seconds        DOUBLE PRECISION NOT NULL,
    finished_at    TIMESTAMP        NOT NULL
);
CREATE INDEX qb_run_rate_key ON qb_run_rate (host, model_id, task, task_when, labels, finished_at);
