-- compatibility: expand
-- The admin API (issue 8): the audit trail of admin changes, and the index the
-- admin booking list pages through.

-- One row per admin change: who (the API key, by id and by the prefix admins
-- see), what (method, route pattern, the ids it touched, a summary without
-- customer contact data), and when (the database clock). Rows are never
-- updated; the id orders them, newest last, and is the list's cursor.
CREATE TABLE admin_audit (
    business_id uuid NOT NULL REFERENCES businesses,
    id bigint GENERATED ALWAYS AS IDENTITY,
    key_id uuid NOT NULL,
    key_prefix text NOT NULL CHECK (length(key_prefix) BETWEEN 8 AND 32),
    method text NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
    route text NOT NULL CHECK (route LIKE '/v1/%'),
    targets jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(targets) = 'object'),
    summary text NOT NULL CHECK (length(summary) <= 1000),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, key_id) REFERENCES api_keys
);

-- The admin booking list: one business's bookings in (starts_at, id) order,
-- the keyset its cursor continues from. Filters by provider use
-- bookings_by_provider_start instead.
CREATE INDEX bookings_by_start ON bookings (business_id, starts_at, id);
