-- compatibility: expand
-- The business console's calendar shows the times held for waitlist customers:
-- held bookings joined to the entry they were offered to. Only an index: the
-- previous release reads and writes as before.

-- From a held booking to the entry it was offered to (the calendar's join, and
-- the statement that settles an entry when its offer is accepted or expires).
CREATE INDEX waitlist_offered_booking ON waitlist_entries (business_id, offered_booking_id) WHERE status = 'offered';
