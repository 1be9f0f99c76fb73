-- The labels of extra label tasks (run --labels topic), one row per result and task: what the
-- comment is about, with the probability the model gave that label among the task's values.
CREATE TABLE qb_result_label (
    source     VARCHAR(500)     NOT NULL,
    id         VARCHAR(500)     NOT NULL,
    task       VARCHAR(64)      NOT NULL,
    label      VARCHAR(200)     NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source, id, task)
);
CREATE INDEX qb_result_label_task ON qb_result_label (task, label);
