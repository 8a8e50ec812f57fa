-- compatibility: expand
-- The one clock (DESIGN.md, "Time"). Every query that decides what is due asks
-- booknow_now(): the database's now() plus an offset that only a test
-- configuration sets, so a test can move time without sleeping. The offset lives
-- in a one-row table so that every connection and every daemon sees one time.
CREATE TABLE booknow_clock (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    test_offset interval NOT NULL DEFAULT '0 seconds'
);
INSERT INTO booknow_clock DEFAULT VALUES;

CREATE FUNCTION booknow_now() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT now() + (SELECT test_offset FROM booknow_clock) $$;
