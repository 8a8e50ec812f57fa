-- compatibility: expand
-- Reminder planning without holding up bookings. The planner used to hold
-- reminder_watermark FOR UPDATE for its whole transaction: the scan and the
-- enqueue of every reminder falling due in the next minute, seconds when a
-- top of the hour brings tens of thousands, while every booking transaction
-- waited to read the row FOR SHARE. Now it moves planned_until in a short
-- transaction of its own (which still waits for the booking transactions
-- holding the row, so a scan after it sees their bookings; any booking after
-- it sees the new mark and plans its own reminders up to it), then scans and
-- enqueues in a second transaction that does not touch that row, recording
-- how far the scans have got here. Until it commits, a reminder between the
-- two marks may be planned both by its booking and by the scan: the dedupe
-- key keeps one job. A planner that stops between the two transactions
-- leaves scanned_until behind, and the next one scans from there.
--
-- Expand: the previous release reads and moves planned_until as before, with
-- the lock held throughout, and never reads this table; the next planner of
-- this release scans again from scanned_until, and the dedupe keys keep what
-- is already queued from being queued twice.
CREATE TABLE reminder_scan (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    scanned_until timestamptz NOT NULL
);
INSERT INTO reminder_scan (scanned_until) SELECT planned_until FROM reminder_watermark;
