-- compatibility: expand
-- The operator console (DESIGN.md, "Web surfaces" and "Speed"): operator
-- accounts, one sessions table for every web surface with a session (kind
-- 'operator' now, 'admin' later), sign-in failures for throttling, and the
-- indexes the console's filters need. Only additions: the previous release
-- never reads or writes these tables, and the jobs column is generated, so its
-- inserts fill it without knowing it exists.

-- People who sign in to /ops. The password is scrypt's output; its salt and
-- cost parameters sit in the row, so raising the cost later re-hashes at the
-- next password change without breaking the accounts made before.
CREATE TABLE operators (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    role                text        NOT NULL CHECK (role IN ('viewer', 'operator')),
    password_hash       bytea       NOT NULL CHECK (length(password_hash) = 32),
    password_salt       bytea       NOT NULL CHECK (length(password_salt) >= 16),
    scrypt_n            bigint      NOT NULL CHECK (scrypt_n >= 2),
    scrypt_r            integer     NOT NULL CHECK (scrypt_r >= 1),
    scrypt_p            integer     NOT NULL CHECK (scrypt_p >= 1),
    disabled_at         timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT booknow_now(),
    created_at          timestamptz NOT NULL DEFAULT booknow_now()
);

-- Signed-in browsers. Only the SHA-256 of the session id is stored: a copy of
-- the table opens no session. Idle and absolute expiry are compared with
-- booknow_now() by the lookup, so tests move the clock instead of waiting.
CREATE TABLE sessions (
    id_hash      bytea       PRIMARY KEY CHECK (length(id_hash) = 32),
    kind         text        NOT NULL CHECK (kind IN ('admin', 'operator')),
    -- Set for kind 'operator'; admin sessions will add their own column.
    operator_id  bigint      REFERENCES operators ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT booknow_now(),
    last_seen_at timestamptz NOT NULL DEFAULT booknow_now(),
    expires_at   timestamptz NOT NULL,
    CHECK (kind <> 'operator' OR operator_id IS NOT NULL)
);
-- "Sign out everywhere" and disabling an account delete by account.
CREATE INDEX sessions_operator_idx ON sessions (operator_id) WHERE operator_id IS NOT NULL;
-- Pruning expired sessions walks them by absolute expiry.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed sign-ins, counted per account name and per client address over a
-- recent window (booknow_now()); rows older than the window are pruned.
CREATE TABLE sign_in_failures (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    text        NOT NULL CHECK (kind IN ('admin', 'operator')),
    name    text        NOT NULL CHECK (length(name) <= 200),
    address text        NOT NULL CHECK (length(address) <= 100),
    at      timestamptz NOT NULL DEFAULT booknow_now()
);
CREATE INDEX sign_in_failures_name_idx ON sign_in_failures (kind, name, at);
CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (kind, address, at);

-- A typed booking id on jobs, generated from the payload so every release's
-- inserts fill it: the console's "this booking's jobs" is an index lookup,
-- not a scan of payloads. Adding a stored generated column rewrites the table
-- once; pruning keeps jobs to near-term work, so that is seconds.
ALTER TABLE jobs ADD COLUMN booking_id uuid GENERATED ALWAYS AS (
    CASE WHEN payload->>'booking_id' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
         THEN (payload->>'booking_id')::uuid END) STORED;
CREATE INDEX jobs_booking_idx ON jobs (booking_id, id) WHERE booking_id IS NOT NULL;

-- Dead letters newest first (the console's list and its keyset), through a
-- partial index that only dead rows enter: the queue's claims and
-- completions of live jobs never touch it.
CREATE INDEX jobs_dead_idx ON jobs (finished_at DESC, id DESC) INCLUDE (queue, kind, business_id) WHERE state = 'dead';

-- The console's audit page: operator and CLI entries newest first.
CREATE INDEX admin_audit_people_idx ON admin_audit (id) WHERE actor_kind IN ('operator', 'cli');
