-- compatibility: expand
-- Reminder planning (DESIGN.md, "Booking flows"). Reminders are not stored
-- months ahead: a periodic plan_reminders job turns the reminders that fall due
-- before a short horizon into send_message jobs and records how far it got.
-- Booking transactions read the same watermark (FOR SHARE) and enqueue
-- themselves any reminder due before it, so none slips behind; the planner
-- takes the row FOR UPDATE, which waits for those transactions to commit, so
-- its next statement sees every booking they made.
CREATE TABLE reminder_watermark (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    planned_until timestamptz NOT NULL
);
INSERT INTO reminder_watermark (planned_until) VALUES (booknow_now());

-- The planner's scan: confirmed bookings by start time, across businesses.
CREATE INDEX bookings_confirmed_by_start ON bookings (starts_at) WHERE status = 'confirmed';
