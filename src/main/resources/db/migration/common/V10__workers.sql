-- Scaled-out runs: every worker process, idle or busy, says it is alive here (so the manager can tell
-- "no worker at all" from "workers busy elsewhere"), with the queue it serves and the last run whose
-- model it refused (its model files differ from the run's).
CREATE TABLE qb_worker (
    worker_id             VARCHAR(300) NOT NULL PRIMARY KEY,
    queue                 VARCHAR(200) NOT NULL,
    seen_at               TIMESTAMP    NOT NULL,
    refused_job_execution BIGINT
);

-- How the worker saw its partition end: 'ended' (the step's status is final) or 'again' (it ended
-- on a lost database connection or a stop of the worker: the manager hands it to a worker again).
ALTER TABLE qb_partition_worker ADD COLUMN outcome VARCHAR(20);
