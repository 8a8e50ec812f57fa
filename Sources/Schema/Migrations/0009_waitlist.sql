-- compatibility: expand
-- Waitlist links (DESIGN.md, "Booking flows"). A customer who joins the
-- waitlist gets a link to see their position and to leave. Like manage links
-- it carries a token derived from the entry id with the deployment's link key;
-- only its SHA-256 is stored, so a leaked backup cannot act on entries. Unique
-- on its own because a link carries only the token, not the business.
-- Nullable so the column can be added to a table that already holds rows.
ALTER TABLE waitlist_entries
    ADD COLUMN token_hash bytea UNIQUE CHECK (octet_length(token_hash) = 32);

-- The admin view lists a business's entries newest first.
CREATE INDEX waitlist_by_business ON waitlist_entries (business_id, created_at);
