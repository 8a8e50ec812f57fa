-- compatibility: expand
-- The business console /console: the people who
-- run a business sign in by an emailed one-time link, into the one sessions
-- table with kind 'admin'. Only additions: the previous release never reads
-- or writes these tables, and the sessions column is nullable, so its
-- operator sessions are written as before.

-- People of a business who may sign in to its console. An address may be an
-- admin of several businesses: one row each, and a sign-in link per row.
CREATE TABLE business_admins (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid        NOT NULL REFERENCES businesses,
    email       text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email) AND position('@' IN email) > 1),
    disabled_at timestamptz,
    -- Who invited: "cli:USER" or "admin:ID"; for the audit trail's readers.
    invited_by  text        NOT NULL CHECK (length(invited_by) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT booknow_now(),
    UNIQUE (business_id, email)
);
-- "Email me a sign-in link" looks an address up across businesses.
CREATE INDEX business_admins_email_idx ON business_admins (email);

-- One-time sign-in links. Only the SHA-256 of the link's token is stored: a
-- copy of the table signs nobody in. Redeeming sets used_at in the same
-- statement that checks it, so a link works once even when two tabs race.
CREATE TABLE admin_sign_in_links (
    token_hash bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    admin_id   bigint      NOT NULL REFERENCES business_admins ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
-- Pruning lapsed links walks them by expiry.
CREATE INDEX admin_sign_in_links_expires_idx ON admin_sign_in_links (expires_at);

-- Admin sessions name their admin; disabling one deletes by admin.
ALTER TABLE sessions
    ADD COLUMN admin_id bigint REFERENCES business_admins ON DELETE CASCADE,
    ADD CONSTRAINT sessions_admin_check CHECK (kind <> 'admin' OR admin_id IS NOT NULL);
CREATE INDEX sessions_admin_idx ON sessions (admin_id) WHERE admin_id IS NOT NULL;

-- The console's audit page: one business's entries newest first is
-- admin_audit_by_business (business_id, id) already.
