-- compatibility: expand
-- Availability cache (DESIGN.md, "Availability cache"). Each daemon caches a
-- provider's day of rules, time off and bookings (AvailabilityCache) and
-- validates every entry on read against a version read in the same round trip
-- as booknow_now() and the business's policy: an entry is used only while its
-- provider's and its location's versions are the ones it was read under.
--
-- The versions are bumped by triggers, in the transaction that makes the
-- change, so every writer is caught: the API, the pages, the worker's hold
-- expiry, admin routes, booknowctl and an operator's SQL alike. A change and
-- its bump commit together, so no reader can see one without the other. There
-- is no NOTIFY: nothing to miss, no listener to reconnect, no staleness window
-- and no commit-time lock on the notification queue.
--
-- What is versioned, and by whom:
-- * a provider (owner_id = providers.id): live bookings (confirmed, held)
--   appearing, disappearing, moving or changing provider; availability rules;
--   the provider's time off; the provider moving to another location;
-- * a location (owner_id = locations.id): closures and location-wide blocks
--   (time_off rows with location_id).
-- Services, policies, who offers what and time zones are not cached (each read
-- fetches them), so they bump nothing.
--
-- A missing row reads as version 0; the first bump inserts 1. Versions only go
-- up. No foreign keys: a deleted owner's row is harmless, and rows of owners
-- that never changed are never written.
--
-- Expand only: a new table, functions and triggers; the previous release
-- reads nothing here and its writes are versioned by the same triggers.
CREATE TABLE availability_versions (
    business_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    version bigint NOT NULL CHECK (version > 0),
    PRIMARY KEY (business_id, owner_id)
);

-- One upsert per changed owner. Concurrent writers of one provider queue on
-- this row until the first commits; booking writers already take turns per
-- provider (BookingStore.lockProvider), so this adds no new wait to them.
CREATE FUNCTION booknow_bump_availability(business uuid, owner uuid) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO availability_versions AS v (business_id, owner_id, version) VALUES (business, owner, 1)
    ON CONFLICT (business_id, owner_id) DO UPDATE SET version = v.version + 1
$$;

-- Only changes to what the availability query reads bump: live-ness, the
-- blocked interval, the provider. Reminder bookkeeping, notes and status moves
-- between confirmed and held do not.
CREATE FUNCTION booknow_bookings_availability_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.status IN ('confirmed', 'held');
    is_live boolean := TG_OP <> 'DELETE' AND NEW.status IN ('confirmed', 'held');
BEGIN
    IF TG_OP = 'UPDATE' AND was_live = is_live AND OLD.blocked = NEW.blocked
       AND OLD.provider_id = NEW.provider_id AND OLD.business_id = NEW.business_id THEN
        RETURN NULL;
    END IF;
    IF was_live THEN
        PERFORM booknow_bump_availability(OLD.business_id, OLD.provider_id);
    END IF;
    IF is_live THEN
        PERFORM booknow_bump_availability(NEW.business_id, NEW.provider_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER bookings_availability_changed
    AFTER INSERT OR UPDATE OR DELETE ON bookings
    FOR EACH ROW EXECUTE FUNCTION booknow_bookings_availability_changed();

-- Rules belong to a provider; time off to a provider or to a whole location
-- (a closure, location_id). One function for both tables, through jsonb
-- because availability_rules has no location_id column.
CREATE FUNCTION booknow_owner_availability_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed jsonb;
BEGIN
    FOREACH changed IN ARRAY ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END] LOOP
        CONTINUE WHEN changed IS NULL;
        PERFORM booknow_bump_availability((changed ->> 'business_id')::uuid, coalesce(changed ->> 'provider_id', changed ->> 'location_id')::uuid);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER availability_rules_availability_changed
    AFTER INSERT OR UPDATE OR DELETE ON availability_rules
    FOR EACH ROW EXECUTE FUNCTION booknow_owner_availability_changed();

CREATE TRIGGER time_off_availability_changed
    AFTER INSERT OR UPDATE OR DELETE ON time_off
    FOR EACH ROW EXECUTE FUNCTION booknow_owner_availability_changed();

-- A provider's cached days hold their location's closures.
CREATE FUNCTION booknow_provider_moved() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM booknow_bump_availability(OLD.business_id, OLD.id);
    PERFORM booknow_bump_availability(NEW.business_id, NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER providers_availability_changed
    AFTER UPDATE ON providers
    FOR EACH ROW WHEN (OLD.location_id IS DISTINCT FROM NEW.location_id OR OLD.id IS DISTINCT FROM NEW.id
                       OR OLD.business_id IS DISTINCT FROM NEW.business_id)
    EXECUTE FUNCTION booknow_provider_moved();

-- TRUNCATE names no rows: every provider and location moves on.
CREATE FUNCTION booknow_availability_truncated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO availability_versions AS v (business_id, owner_id, version)
        SELECT business_id, id, 1 FROM providers UNION ALL SELECT business_id, id, 1 FROM locations
    ON CONFLICT (business_id, owner_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER bookings_availability_truncated AFTER TRUNCATE ON bookings
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_availability_truncated();
CREATE TRIGGER availability_rules_availability_truncated AFTER TRUNCATE ON availability_rules
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_availability_truncated();
CREATE TRIGGER time_off_availability_truncated AFTER TRUNCATE ON time_off
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_availability_truncated();
