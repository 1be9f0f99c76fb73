-- One row per analysed comment, keyed by where it came from: re-runs and restarts upsert.
CREATE TABLE qb_result (
    source           VARCHAR(500)    NOT NULL,
    id               VARCHAR(500)    NOT NULL,
    text             VARCHAR(100000) NOT NULL,
    comment_date     VARCHAR(64),
    channel          VARCHAR(200),
    sentiment        VARCHAR(64)     NOT NULL,
    confidence       DOUBLE PRECISION NOT NULL,
    task             VARCHAR(64)     NOT NULL,
    reply            VARCHAR(100000),
    summary          VARCHAR(100000),
    task_output      VARCHAR(100000),
    model_id         VARCHAR(500)    NOT NULL,
    prompt_version   VARCHAR(100)    NOT NULL,
    tokens_in        INTEGER         NOT NULL,
    tokens_out       INTEGER         NOT NULL,
    latency_ms       BIGINT          NOT NULL,
    job_execution_id BIGINT          NOT NULL,
    created_at       TIMESTAMP       NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX qb_result_job ON qb_result (job_execution_id);
CREATE INDEX qb_result_sentiment ON qb_result (sentiment);

-- Rows that were not analysed, and why (empty text, too long, malformed line, bad bytes).
CREATE TABLE qb_rejected (
    source           VARCHAR(500)    NOT NULL,
    id               VARCHAR(500)    NOT NULL,
    line             BIGINT          NOT NULL,
    reason           VARCHAR(2000)   NOT NULL,
    raw              VARCHAR(100000),
    job_execution_id BIGINT          NOT NULL,
    created_at       TIMESTAMP       NOT NULL,
    PRIMARY KEY (source, id)
);

-- For --since-last-run: the last id read by the last completed run of a database source.
CREATE TABLE qb_watermark (
    source_key  VARCHAR(1000) NOT NULL PRIMARY KEY,
    last_id     VARCHAR(500)  NOT NULL,
    id_is_number BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);
