-- The top-of-the-hour burst (run.sh burst): :n confirmed bookings of one
-- generated business, each with its own provider (the exclusion constraint
-- allows them all at the same instant :'h'), each customer with an email
-- address and a phone number and consent to both, so every booking's 1 h
-- reminder is two send_message jobs due at :'h' − 1 hour. Written straight
-- into the tables: the booking API would enqueue 20,000 confirmations too.
-- created_at is two days earlier, so the planner (not the booking path) plans
-- the 1 h reminders and the 24 h one is skipped as due before the booking.
BEGIN;
INSERT INTO businesses (id, name, time_zone) VALUES (:'biz', 'Burst Bench Clinic', 'UTC');
INSERT INTO locations (business_id, id, name, time_zone) VALUES (:'biz', :'biz', 'Main', 'UTC');
INSERT INTO services (business_id, id, name, duration, slot_step)
    VALUES (:'biz', :'biz', 'Check-up', '30 minutes', '30 minutes');
INSERT INTO providers (business_id, id, location_id, name)
    SELECT :'biz', md5('burst-provider' || g)::uuid, :'biz', 'Provider ' || g FROM generate_series(1, :n) g;
INSERT INTO provider_services (business_id, provider_id, service_id)
    SELECT :'biz', md5('burst-provider' || g)::uuid, :'biz' FROM generate_series(1, :n) g;
INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
    SELECT :'biz', md5('burst-provider' || g)::uuid, d, '00:00', '24:00'
    FROM generate_series(1, :n) g, generate_series(1, 7) d;
INSERT INTO customers (business_id, id, name, email, phone, consent_email, consent_sms)
    SELECT :'biz', md5('burst-customer' || g)::uuid, 'Customer ' || g, 'burst' || g || '@bench.invalid',
           '+1555' || lpad(g::text, 7, '0'), true, true
    FROM generate_series(1, :n) g;
INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                      status, cancellation_notice, manage_token_hash, created_at, updated_at)
    SELECT :'biz', :'biz', md5('burst-provider' || g)::uuid, :'biz', md5('burst-customer' || g)::uuid,
           :'h'::timestamptz, :'h'::timestamptz + interval '30 minutes',
           tstzrange(:'h'::timestamptz, :'h'::timestamptz + interval '30 minutes', '[)'),
           'confirmed', '24 hours', sha256(convert_to('burst-token' || g, 'UTF8')),
           :'h'::timestamptz - interval '2 days', :'h'::timestamptz - interval '2 days'
    FROM generate_series(1, :n) g;
COMMIT;
ANALYZE;
