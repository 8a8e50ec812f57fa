-- compatibility: expand
-- The work queue (DESIGN.md, "The queue"): one table, one state machine, one
-- claim query. Every time column is set from booknow_now(), never now(), so that
-- tests which move the clock see consistent lateness, backoff and retention.
CREATE TABLE jobs (
    id              bigserial   PRIMARY KEY,
    queue           text        NOT NULL DEFAULT 'default',
    kind            text        NOT NULL,
    -- NULL for system jobs (planning, pruning) that belong to no tenant.
    business_id     uuid,
    payload         jsonb       NOT NULL DEFAULT '{}',
    run_at          timestamptz NOT NULL DEFAULT booknow_now(),
    state           text        NOT NULL DEFAULT 'scheduled'
                    CHECK (state IN ('scheduled', 'running', 'retryable', 'succeeded', 'dead', 'cancelled')),
    attempt         integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    -- NULL: the kind's retry policy decides (10 attempts unless configured).
    max_attempts    integer     CHECK (max_attempts > 0),
    -- A retry that would land after this goes to dead with reason 'expired'.
    deadline        timestamptz,
    dedupe_key      text,
    locked_by       text,
    locked_until    timestamptz,
    last_error_code text,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT booknow_now(),
    updated_at      timestamptz NOT NULL DEFAULT booknow_now(),
    finished_at     timestamptz
) WITH (
    -- Every job row is updated at least twice (claim, completion): leave room on
    -- the page so those updates can stay on it.
    fillfactor = 80,
    -- A queue table churns constantly; a scale factor would let dead tuples grow
    -- with the table. Fixed thresholds and no cost delay keep it small and fast.
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 20000,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0
);

-- The claim query's index: only claimable rows are in it, so it stays as small
-- as the due-and-soon work however many finished rows wait for pruning.
CREATE INDEX jobs_claimable_idx ON jobs (run_at, id) WHERE state IN ('scheduled', 'retryable');
-- The rescuer's index: running jobs by lease expiry.
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
-- Dedupe keys are unique while the row exists, whatever its state: a finished
-- job keeps its key reserved until pruning removes it (see Jobs.enqueue).
CREATE UNIQUE INDEX jobs_dedupe_key_idx ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- Pruning and the dead-letter list walk finished rows by finish time.
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state IN ('succeeded', 'dead', 'cancelled');

-- One row per attempt (and per operator replay): the history `dead show` prints.
-- No foreign key: the history outlives the job rows, which are pruned sooner.
CREATE TABLE job_attempts (
    id                  bigserial   PRIMARY KEY,
    job_id              bigint      NOT NULL,
    attempt             integer     NOT NULL,
    -- The worker's name, or for a replay the operator who asked for it.
    worker              text        NOT NULL,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz NOT NULL,
    outcome             text        NOT NULL,
    error_code          text,
    error               text,
    provider_reply      text,
    provider_message_id text,
    duration_ms         double precision
) WITH (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 20000,
    autovacuum_vacuum_cost_delay = 0
);
CREATE INDEX job_attempts_job_idx ON job_attempts (job_id, attempt);
-- Rows arrive in finish order, so a BRIN index serves pruning at almost no write cost.
CREATE INDEX job_attempts_finished_brin ON job_attempts USING brin (finished_at);

-- Persisted per-queue settings, so that every daemon obeys a pause.
CREATE TABLE queues (
    name          text        PRIMARY KEY,
    paused        boolean     NOT NULL DEFAULT false,
    paused_by     text,
    paused_reason text,
    paused_at     timestamptz,
    -- When set, caps every worker's concurrency for this queue.
    concurrency   integer     CHECK (concurrency > 0),
    updated_at    timestamptz NOT NULL DEFAULT booknow_now()
);
