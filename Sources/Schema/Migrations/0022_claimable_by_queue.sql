-- compatibility: expand
-- The claim index leads with the queue. Each claim and each "when is the
-- next job due" question is about one queue, but (run_at, id) held every
-- queue's rows in one order, so while one queue had a backlog the others'
-- statements walked it: a claim of the default queue during a burst of
-- 20,000 due reminders read past every due reminder to find none of its own,
-- and the worker's next-due question for an empty queue read every
-- claimable row of every other queue, after each pass of each daemon. With
-- (queue, run_at, id) each of those reads only its own queue's rows.
-- Statements that span queues (the oldest due job for the metrics) go queue
-- by queue through the same index (QueueStatistics).
--
-- Expand: the previous release's statements give the same answers on this
-- index (its next-due question over several queues may read more rows).
DROP INDEX jobs_claimable_idx;
CREATE INDEX jobs_claimable_idx ON jobs (queue, run_at, id) WHERE state IN ('scheduled', 'retryable');
