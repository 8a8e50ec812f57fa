-- compatibility: expand
-- Availability answered from memory. Each daemon's availability cache
-- (AvailabilityCache) validates what it holds against availability_versions
-- in one round trip per read (migration 0015). While it hears every change,
-- it needs no round trip at all: every transaction that changes what a
-- business can offer sends the business id on 'availability_changed' when it
-- commits, and each daemon that LISTENs drops what it holds of that business.
-- A daemon that is not listening, or has not proved its listener alive for a
-- few seconds, validates on read as before.
--
-- What notifies:
-- * every bump of availability_versions (bookings, rules, time off, closures:
--   the triggers of migration 0015), so anything versioned is heard too;
-- * what the versions leave out and a read also uses: the business's policy
--   and disabling, a location's zone, services, providers and who offers what;
-- * emptying any of those tables ('*': everything);
-- * the test clock ('clock' and the new offset in seconds): a daemon reads
--   "now" as its own clock plus that offset.
-- PostgreSQL folds a transaction's identical notifications into one, so a
-- transaction sends one per business it changed. Notifications from different
-- transactions arrive in commit order, which lets a test wait for a marker it
-- sends after a change ("heard up to here") instead of sleeping.
CREATE FUNCTION booknow_notify_availability_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('availability_changed', '*');
    ELSIF TG_TABLE_NAME = 'businesses' THEN
        PERFORM pg_notify('availability_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('availability_changed', OLD.business_id::text);
    ELSE
        PERFORM pg_notify('availability_changed', NEW.business_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER availability_versions_notify
    AFTER INSERT OR UPDATE ON availability_versions
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER availability_versions_truncated
    AFTER TRUNCATE ON availability_versions
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE TRIGGER businesses_availability_notify
    AFTER UPDATE OF min_notice, booking_horizon, cancellation_notice, disabled_at OR DELETE ON businesses
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER businesses_availability_truncated
    AFTER TRUNCATE ON businesses
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE TRIGGER locations_availability_notify
    AFTER UPDATE OF time_zone, business_id OR DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER locations_availability_truncated
    AFTER TRUNCATE ON locations
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE TRIGGER services_availability_notify
    AFTER UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER services_availability_truncated
    AFTER TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE TRIGGER providers_availability_notify
    AFTER UPDATE OR DELETE ON providers
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER providers_availability_truncated
    AFTER TRUNCATE ON providers
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE TRIGGER provider_services_availability_notify
    AFTER INSERT OR UPDATE OR DELETE ON provider_services
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_availability_changed();
CREATE TRIGGER provider_services_availability_truncated
    AFTER TRUNCATE ON provider_services
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_availability_changed();

CREATE FUNCTION booknow_notify_clock_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('availability_changed', 'clock ' || extract(epoch FROM NEW.test_offset)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER booknow_clock_notify
    AFTER UPDATE ON booknow_clock
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_clock_changed();
