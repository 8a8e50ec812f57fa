-- compatibility: expand
-- One audit trail for every actor (DESIGN.md, "Web surfaces"): admin_audit
-- recorded API-key changes only; now it also records the operator tool's
-- (booknowctl suppressions remove) and, later, the consoles' admins and
-- operators, with the actor's kind and id. An operator's change may concern no
-- business (a global suppression), so business_id, key_id and key_prefix become
-- nullable and the primary key is the id alone; the unique index on
-- (business_id, id) keeps serving the admin API's newest-first page per
-- business. The previous release still runs: it writes api_key rows with every
-- old column set (actor_kind's default), and reads by business as before.
ALTER TABLE admin_audit DROP CONSTRAINT admin_audit_pkey;
ALTER TABLE admin_audit ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX admin_audit_by_business ON admin_audit (business_id, id);

ALTER TABLE admin_audit
    ALTER COLUMN business_id DROP NOT NULL,
    ALTER COLUMN key_id DROP NOT NULL,
    ALTER COLUMN key_prefix DROP NOT NULL,
    ADD COLUMN actor_kind text NOT NULL DEFAULT 'api_key' CHECK (actor_kind IN ('api_key', 'admin', 'operator', 'cli')),
    -- The admin or operator account, or for the CLI the user behind sudo; NULL for API keys (key_id says).
    ADD COLUMN actor_id text CHECK (length(actor_id) BETWEEN 1 AND 200),
    ADD CONSTRAINT admin_audit_actor_check CHECK (
        CASE actor_kind WHEN 'api_key' THEN business_id IS NOT NULL AND key_id IS NOT NULL AND key_prefix IS NOT NULL
                        ELSE actor_id IS NOT NULL END),
    -- Routes of the web surfaces, or the CLI command ("booknowctl suppressions remove").
    DROP CONSTRAINT admin_audit_route_check,
    ADD CONSTRAINT admin_audit_route_check CHECK (route LIKE '/%' OR route LIKE 'booknowctl %');
