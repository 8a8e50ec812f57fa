-- Seeds :n confirmed bookings (one new provider each, so the exclusion
-- constraint is not in the way) that all start at :start (on the database
-- clock, more than an hour after booknow_now()), for customers
-- :tag-<i>@burst.test who accept email. Only their 1 h reminder is planned
-- (the 24 h one fell before the booking existed), so exactly :n messages fall
-- due in the same second, :start − 1 h.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE burst ON COMMIT DROP AS
  SELECT g, gen_random_uuid() AS provider_id, gen_random_uuid() AS customer_id
  FROM generate_series(1, :n) AS g;
INSERT INTO providers (business_id, id, location_id, name)
  SELECT :'biz', provider_id, (SELECT id FROM locations WHERE business_id = :'biz' AND name = 'Downtown'), 'Burst ' || g FROM burst;
INSERT INTO customers (business_id, id, name, email, consent_email)
  SELECT :'biz', customer_id, 'Burst ' || g, :'tag' || '-' || g || '@burst.test', true FROM burst;
INSERT INTO bookings (business_id, location_id, provider_id, service_id, customer_id, starts_at, ends_at, blocked,
                      status, cancellation_notice, manage_token_hash)
  SELECT :'biz', (SELECT id FROM locations WHERE business_id = :'biz' AND name = 'Downtown'), provider_id,
         (SELECT id FROM services WHERE business_id = :'biz' AND name = 'Haircut'), customer_id,
         t, t + interval '30 minutes', tstzrange(t, t + interval '45 minutes'),
         'confirmed', interval '24 hours', sha256(convert_to(gen_random_uuid()::text, 'UTF8'))
  FROM burst, (SELECT :'start'::timestamptz AS t) AS s;
COMMIT;
