-- The benchmark database at the target shape, generated in SQL (bench/api/run.sh):
-- :businesses businesses, each with one location (America/New_York), three
-- services and ten providers offering all three, every provider with weekly
-- rules (Monday to Sunday, 09:00-17:00), 100 customers per business; then
-- bookings day by day (five per provider per day at 09, 10, 11, 13 and 14 h
-- local: 500,000 a day at 100,000 providers) for up to :days days from
-- tomorrow, or until :budget_seconds have passed, whichever is first.
-- Bulk load: foreign-key triggers off (session_replication_role) and the
-- bookings indexes and constraints (but the primary key) dropped during the load,
-- rebuilt after.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;
-- psql does not substitute inside the DO block's dollar quotes: pass the limits as settings.
SELECT set_config('bench.days', :'days', false), set_config('bench.budget', :'budget_seconds', false);

CREATE TABLE bench_business AS
    SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS location_id FROM generate_series(1, :businesses) n;
CREATE TABLE bench_service AS
    SELECT b.n, s, gen_random_uuid() AS id FROM bench_business b, generate_series(1, 3) s;
CREATE TABLE bench_provider AS
    SELECT b.n, p, (b.n - 1) * 10 + p AS pn, gen_random_uuid() AS id FROM bench_business b, generate_series(1, 10) p;
CREATE TABLE bench_customer AS
    SELECT b.n, k, gen_random_uuid() AS id FROM bench_business b, generate_series(0, 99) k;

INSERT INTO businesses (id, name, time_zone) SELECT id, 'Business ' || n, 'America/New_York' FROM bench_business;
INSERT INTO locations (business_id, id, name, time_zone, address)
    SELECT id, location_id, 'Main ' || n, 'America/New_York', n || ' Main Street' FROM bench_business;
INSERT INTO services (business_id, id, name, duration, buffer_after, slot_step)
    SELECT b.id, s.id, (ARRAY['Haircut', 'Color', 'Blowout'])[s.s], (ARRAY[30, 90, 45])[s.s] * interval '1 minute',
           CASE s.s WHEN 1 THEN interval '0 minutes' ELSE interval '15 minutes' END, interval '15 minutes'
    FROM bench_service s JOIN bench_business b USING (n);
INSERT INTO providers (business_id, id, location_id, name)
    SELECT b.id, p.id, b.location_id, 'Provider ' || p.pn FROM bench_provider p JOIN bench_business b USING (n);
INSERT INTO provider_services (business_id, provider_id, service_id)
    SELECT b.id, p.id, s.id FROM bench_provider p JOIN bench_business b USING (n) JOIN bench_service s USING (n);
INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
    SELECT b.id, p.id, d, '09:00', '17:00' FROM bench_provider p JOIN bench_business b USING (n), generate_series(1, 7) d;
INSERT INTO customers (business_id, id, name, email, locale, consent_email)
    SELECT b.id, c.id, 'Customer ' || c.k, 'c' || c.k || '.b' || b.n || '@example.com', 'en', true
    FROM bench_customer c JOIN bench_business b USING (n);

-- The primary key stays: waitlist_entries references it.
ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap, DROP CONSTRAINT bookings_manage_token_hash_key;
DROP INDEX bookings_by_provider_start, bookings_by_customer, bookings_hold_expiry, bookings_by_start;

CREATE TABLE bench_progress (days int NOT NULL, rows bigint NOT NULL, seconds numeric NOT NULL);
CREATE TABLE bench_slot AS SELECT i, h FROM (VALUES (0, 9), (1, 10), (2, 11), (3, 13), (4, 14)) v(i, h);

DO $$
DECLARE
    began timestamptz := clock_timestamp();
    day int;
BEGIN
    FOR day IN 1 .. current_setting('bench.days')::int LOOP
        INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                              status, cancellation_notice, manage_token_hash)
        SELECT b.id, b.location_id, p.id, s.id, c.id, t.starts_at, t.starts_at + interval '30 minutes',
               tstzrange(t.starts_at, t.starts_at + interval '30 minutes'), 'confirmed', interval '24 hours',
               sha256(int8send(p.pn::bigint * 1000000 + day * 10 + sl.i))
        FROM bench_provider p
        JOIN bench_business b USING (n)
        JOIN bench_service s ON s.n = p.n AND s.s = 1
        CROSS JOIN bench_slot sl
        JOIN bench_customer c ON c.n = p.n AND c.k = (p.p * 5 + sl.i + day) % 100
        CROSS JOIN LATERAL (SELECT ((current_date + day) + make_time(sl.h, 0, 0)) AT TIME ZONE 'America/New_York' AS starts_at) t;
        COMMIT;
        INSERT INTO bench_progress VALUES (day, (SELECT count(*) FROM bookings), extract(epoch FROM clock_timestamp() - began));
        COMMIT;
        EXIT WHEN clock_timestamp() - began > current_setting('bench.budget')::int * interval '1 second';
    END LOOP;
END $$;

-- Rebuild what the load dropped, as 0003 and 0006 define them.
SET maintenance_work_mem = '1GB';
ALTER TABLE bookings ADD CONSTRAINT bookings_manage_token_hash_key UNIQUE (manage_token_hash);
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (business_id WITH =, provider_id WITH =, blocked WITH &&)
    WHERE (status IN ('confirmed', 'held'));
CREATE INDEX bookings_by_provider_start ON bookings (business_id, provider_id, starts_at);
CREATE INDEX bookings_by_customer ON bookings (business_id, customer_id);
CREATE INDEX bookings_hold_expiry ON bookings (hold_expires_at) WHERE status = 'held';
CREATE INDEX bookings_by_start ON bookings (business_id, starts_at, id);
ANALYZE;
SELECT * FROM bench_progress ORDER BY days DESC LIMIT 1;
