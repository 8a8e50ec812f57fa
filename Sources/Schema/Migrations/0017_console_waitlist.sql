-- compatibility: expand
-- The business console's waitlist page: one location's entries in queue order
-- (created_at, id), a page at a time by keyset. Only additions; the previous
-- release never reads them, and waitlist entries are written once per join,
-- offer and settlement, so two more indexes cost the write path little.

-- The queue as it stands (waiting or offered), the page's default: finished
-- entries never enter this index, so the first page reads only the open ones
-- however long the location's history grows.
CREATE INDEX waitlist_open_by_location ON waitlist_entries (business_id, location_id, created_at, id)
    WHERE status IN ('waiting', 'offered');

-- One status, or every entry, of a location in the same order.
CREATE INDEX waitlist_by_location ON waitlist_entries (business_id, location_id, created_at, id);
