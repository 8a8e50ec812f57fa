-- compatibility: expand
-- Dead-daemon detection (DESIGN.md, "Queue and recovery"). Each worker
-- registers itself here and writes a heartbeat every few seconds; a worker
-- whose heartbeat is older than the timeout is dead, and a rescuer whose own
-- heartbeats have been unbroken for longer than the timeout returns the dead
-- worker's running jobs at once instead of waiting for their lease.
--
-- Jobs name their worker already: jobs.locked_by holds the claiming worker's
-- name, which is this table's key. No foreign key: a release without
-- heartbeats (the previous one) claims with names that have no row here, and
-- the rescuer leaves such jobs to the lease.
--
-- Expand only: a new table and an index; the previous release reads and
-- writes nothing here and runs unchanged.
CREATE TABLE queue_workers (
    -- The worker's name (WorkerConfiguration.name, `host:pid:random`).
    name            text        PRIMARY KEY CHECK (name <> ''),
    host            text        NOT NULL,
    pid             integer     NOT NULL,
    version         text        NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT booknow_now(),
    -- Every time is booknow_now(), so tests move the clock instead of sleeping.
    heartbeat_at    timestamptz NOT NULL DEFAULT booknow_now(),
    -- Since when the heartbeats have come without a gap of half the timeout
    -- (the self-fence threshold); a rescuer acts only when this is older than
    -- the timeout, so one that was itself cut off never judges its peers.
    unbroken_since  timestamptz NOT NULL DEFAULT booknow_now()
) WITH (
    -- Every row is updated every few seconds: room on the page keeps the
    -- updates HOT, and fixed vacuum thresholds keep the table a few pages.
    fillfactor = 50,
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0
);

-- Pruning receipts by age (worker.receipt_retention). Receipts arrive in
-- time order and are never updated, so a BRIN index serves the batched
-- delete at almost no write cost, as on job_attempts.
CREATE INDEX message_receipts_received_brin ON message_receipts USING brin (received_at);
