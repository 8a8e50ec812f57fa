-- The confirmation-latency business (run.sh confirm): :providers providers
-- bookable around the clock (UTC, 30-minute service on a 30-minute grid), so
-- the driver can book provider p at base + k × 30 min without asking for
-- availability and no two bookings collide.
BEGIN;
-- SMS may go to +1 numbers (the driver's): a UTC business has no country of its own.
INSERT INTO businesses (id, name, time_zone, sms_calling_codes) VALUES (:'biz', 'Rate Bench Studio', 'UTC', ARRAY['1']);
INSERT INTO locations (business_id, id, name, time_zone) VALUES (:'biz', :'biz', 'Main', 'UTC');
INSERT INTO services (business_id, id, name, duration, slot_step)
    VALUES (:'biz', :'biz', 'Session', '30 minutes', '30 minutes');
INSERT INTO providers (business_id, id, location_id, name)
    SELECT :'biz', md5('rate-provider' || g)::uuid, :'biz', 'Provider ' || g FROM generate_series(1, :providers) g;
INSERT INTO provider_services (business_id, provider_id, service_id)
    SELECT :'biz', md5('rate-provider' || g)::uuid, :'biz' FROM generate_series(1, :providers) g;
INSERT INTO availability_rules (business_id, provider_id, weekday, start_time, end_time)
    SELECT :'biz', md5('rate-provider' || g)::uuid, d, '00:00', '24:00'
    FROM generate_series(1, :providers) g, generate_series(1, 7) d;
COMMIT;
