-- The operator console benchmark's data (BENCHMARKS.md, "Operator console"):
-- 3,000,000 jobs in all, of which 100,000 dead letters, with a day of history
-- behind them and an hour of attempts, shaped like a busy deployment:
--   2,896,000 succeeded over the last 24 hours (a third of them reminders),
--     100,000 dead over the last 7 days (email and sms, 50 businesses),
--       2,000 scheduled for later, 1,500 due now, 500 retrying, 0 running;
-- one attempt row per succeeded job of the last hour, plus failures;
-- a delivery receipt per succeeded job.
-- Every job carries a booking id, so jobs_booking_idx is full-sized.
\set ON_ERROR_STOP 1
SELECT setseed(0.42);
CREATE TEMP TABLE businesses AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(0, 49) g;

INSERT INTO jobs (queue, kind, business_id, payload, state, attempt, run_at, created_at, updated_at, finished_at)
SELECT q.queue, 'send_message', b.id,
       jsonb_build_object('booking_id', gen_random_uuid()::text, 'booking_version', '1',
                          'message', CASE WHEN g % 3 = 0 THEN 'reminder' ELSE 'booking_confirmed' END, 'channel', q.queue),
       'succeeded', 1, t.at, t.at, t.at, t.at + interval '200 ms'
  FROM generate_series(1, 2896000) g
  CROSS JOIN LATERAL (SELECT booknow_now() - interval '24 hours' + (g::float8 / 2896000) * interval '24 hours' AS at) t
  CROSS JOIN LATERAL (SELECT CASE WHEN g % 4 = 0 THEN 'sms' ELSE 'email' END AS queue) q
  JOIN businesses b ON b.n = g % 50;

INSERT INTO jobs (queue, kind, business_id, payload, state, attempt, run_at, created_at, updated_at, finished_at,
                  last_error_code, last_error)
SELECT q.queue, 'send_message', b.id,
       jsonb_build_object('booking_id', gen_random_uuid()::text, 'booking_version', '1', 'message', 'booking_confirmed',
                          'channel', q.queue),
       'dead', 3, t.at, t.at, t.at, t.at, 'smtp_550', '550 5.1.1 No such user'
  FROM generate_series(1, 100000) g
  CROSS JOIN LATERAL (SELECT booknow_now() - interval '7 days' + (g::float8 / 100000) * interval '7 days' AS at) t
  CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 = 0 THEN 'sms' ELSE 'email' END AS queue) q
  JOIN businesses b ON b.n = g % 50;

INSERT INTO jobs (queue, kind, business_id, payload, state, attempt, run_at)
SELECT CASE WHEN g % 4 = 0 THEN 'sms' WHEN g % 4 = 1 THEN 'default' ELSE 'email' END, 'send_message', NULL,
       jsonb_build_object('booking_id', gen_random_uuid()::text, 'booking_version', '1', 'message', 'reminder', 'channel', 'email'),
       CASE WHEN g <= 3500 THEN 'scheduled' ELSE 'retryable' END, CASE WHEN g <= 3500 THEN 0 ELSE 1 END,
       CASE WHEN g <= 2000 THEN booknow_now() + g * interval '1 second' ELSE booknow_now() - (g % 300) * interval '1 second' END
  FROM generate_series(1, 4000) g;

-- The last hour's attempts, in finish order (the BRIN index's assumption).
INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, provider_message_id, duration_ms)
SELECT id, attempt, 'bench', finished_at - interval '200 ms', finished_at, 'succeeded', NULL, 'msg-' || id, 200
  FROM jobs WHERE state = 'succeeded' AND finished_at > booknow_now() - interval '61 minutes' ORDER BY finished_at;
INSERT INTO job_attempts (job_id, attempt, worker, started_at, finished_at, outcome, error_code, duration_ms)
SELECT g, 1, 'bench', booknow_now() - (g % 3600) * interval '1 second', booknow_now() - (g % 3600) * interval '1 second' + interval '1 ms',
       'retry', 'smtp_451', 300
  FROM generate_series(1, 3000) g;

-- A delivery receipt for every succeeded job of the day (the overview's
-- "reminders on time" reads the latest receipt of each reminder it counts).
INSERT INTO message_receipts (provider, provider_message_id, channel, status, received_at)
SELECT 'smtp', 'msg-' || id, queue, 'delivered', finished_at + interval '2 seconds'
  FROM jobs WHERE state = 'succeeded' ORDER BY finished_at;

VACUUM (ANALYZE) jobs;
VACUUM (ANALYZE) job_attempts;
VACUUM (ANALYZE) message_receipts;
CHECKPOINT;
