-- compatibility: expand
-- The booking domain (DESIGN.md, "Data model"). Conventions:
-- * Tenancy: every tenant table leads with business_id, and its primary key is
--   (business_id, id). Every reference to another tenant row is a composite
--   foreign key (business_id, x_id), so a row can never point into another
--   business. business_id is the future Citus distribution column, which
--   unique and exclusion constraints must include.
-- * Lengths of time (durations, buffers, notice, horizon, reminder offsets) are
--   `interval`s of hours, minutes and seconds only, checked by
--   booknow_is_elapsed(): no days or months, whose length depends on the
--   calendar, so '24 hours' is always 24 elapsed hours, across DST changes too,
--   in SQL arithmetic as in the Scheduling engine. A horizon of 90 days is
--   written '2160 hours'.
-- * Weekdays are ISO 8601: Monday 1 … Sunday 7, as extract(isodow from …) and
--   Scheduling.Weekday count them.
-- * Local times (`time`, 00:00–24:00) and dates are wall-clock values in the
--   location's IANA zone. On DST days a skipped local time does not exist and a
--   repeated one means its first occurrence (the earlier offset); see
--   Sources/Scheduling/SlotFinder.swift.
-- * Timestamps default to booknow_now(), the one clock (0001_clock.sql).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Whole minutes of elapsed time, not negative.
CREATE FUNCTION booknow_is_elapsed(value interval) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT extract(year FROM value) = 0 AND extract(month FROM value) = 0 AND extract(day FROM value) = 0
                 AND value >= '0 seconds' AND extract(epoch FROM value)::numeric % 60 = 0 $$;

CREATE TABLE businesses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- The zone for business-wide display; each location has its own. IANA
    -- names are validated by the API (a CHECK cannot see the zone database).
    time_zone text NOT NULL CHECK (time_zone <> ''),
    default_locale text NOT NULL DEFAULT 'en' CHECK (default_locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    -- Policies. Each booking copies cancellation_notice when it is made.
    cancellation_notice interval NOT NULL DEFAULT '24 hours' CHECK (booknow_is_elapsed(cancellation_notice)),
    min_notice interval NOT NULL DEFAULT '0 hours' CHECK (booknow_is_elapsed(min_notice)),
    booking_horizon interval NOT NULL DEFAULT '2160 hours' CHECK (booknow_is_elapsed(booking_horizon) AND booking_horizon > min_notice),
    reminder_offsets interval[] NOT NULL DEFAULT '{24 hours,1 hour}'
        CHECK (cardinality(reminder_offsets) <= 5 AND array_position(reminder_offsets, NULL) IS NULL),
    waitlist_policy text NOT NULL DEFAULT 'hold' CHECK (waitlist_policy IN ('hold', 'notify_all')),
    waitlist_hold interval NOT NULL DEFAULT '15 minutes' CHECK (booknow_is_elapsed(waitlist_hold) AND waitlist_hold > '0 seconds'),
    -- SMS is not sent between these local times; both set or neither.
    sms_quiet_start time,
    sms_quiet_end time,
    sender_name text NOT NULL DEFAULT '' CHECK (length(sender_name) <= 100),
    reply_to text CHECK (reply_to ~ '^[^@\s]+@[^@\s]+$'),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    disabled_at timestamptz,
    CHECK ((sms_quiet_start IS NULL) = (sms_quiet_end IS NULL))
);

-- Each element of reminder_offsets is positive elapsed time. A function, because
-- a CHECK cannot hold a subquery over the array.
CREATE FUNCTION booknow_are_reminder_offsets(offsets interval[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(bool_and(booknow_is_elapsed(o) AND o > '0 seconds'), true) FROM unnest(offsets) AS o $$;
ALTER TABLE businesses ADD CHECK (booknow_are_reminder_offsets(reminder_offsets));

CREATE TABLE locations (
    business_id uuid NOT NULL REFERENCES businesses,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- IANA zone of every weekly rule, recurring block and closure date here.
    time_zone text NOT NULL CHECK (time_zone <> ''),
    address text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id)
);

CREATE TABLE providers (
    business_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    location_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email text CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    notify_by_email boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, location_id) REFERENCES locations
);

CREATE TABLE services (
    business_id uuid NOT NULL REFERENCES businesses,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    duration interval NOT NULL CHECK (booknow_is_elapsed(duration) AND duration > '0 seconds'),
    buffer_before interval NOT NULL DEFAULT '0 minutes' CHECK (booknow_is_elapsed(buffer_before)),
    buffer_after interval NOT NULL DEFAULT '0 minutes' CHECK (booknow_is_elapsed(buffer_after)),
    -- Distance between offered start times on the wall clock.
    slot_step interval NOT NULL DEFAULT '15 minutes' CHECK (booknow_is_elapsed(slot_step) AND slot_step > '0 seconds'),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id)
);

CREATE TABLE provider_services (
    business_id uuid NOT NULL,
    provider_id uuid NOT NULL,
    service_id uuid NOT NULL,
    PRIMARY KEY (business_id, provider_id, service_id),
    FOREIGN KEY (business_id, provider_id) REFERENCES providers ON DELETE CASCADE,
    FOREIGN KEY (business_id, service_id) REFERENCES services ON DELETE CASCADE
);
-- "Who offers this service?" for the any-provider query.
CREATE INDEX provider_services_by_service ON provider_services (business_id, service_id);

CREATE TABLE availability_rules (
    business_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    provider_id uuid NOT NULL,
    weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    -- One local day per rule; '24:00' ends at midnight. Overnight shifts are two
    -- rules, which the engine joins because they touch.
    start_time time NOT NULL,
    end_time time NOT NULL,
    valid_from date,
    valid_until date,
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, provider_id) REFERENCES providers ON DELETE CASCADE,
    CHECK (start_time < end_time),
    CHECK (valid_until >= valid_from)
);
CREATE INDEX availability_rules_by_provider ON availability_rules (business_id, provider_id);

-- Time off for one provider, or a closure of a whole location; in one of three
-- shapes: instants (`period`), whole local dates (`dates`), or a weekly block in
-- local time (`weekdays` + start/end). Exactly one shape is set.
CREATE TABLE time_off (
    business_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    provider_id uuid,
    location_id uuid,
    kind text NOT NULL CHECK (kind IN ('holiday', 'lunch', 'personal', 'sick', 'training', 'other')),
    period tstzrange CHECK (NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)),
    dates daterange CHECK (NOT isempty(dates) AND NOT lower_inf(dates) AND NOT upper_inf(dates)),
    weekdays smallint[] CHECK (cardinality(weekdays) > 0 AND weekdays <@ '{1,2,3,4,5,6,7}'),
    start_time time,
    end_time time,
    note text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, provider_id) REFERENCES providers ON DELETE CASCADE,
    FOREIGN KEY (business_id, location_id) REFERENCES locations ON DELETE CASCADE,
    CHECK (num_nonnulls(provider_id, location_id) = 1),
    CHECK (num_nonnulls(period, dates, weekdays) = 1),
    CHECK ((weekdays IS NULL) = (start_time IS NULL) AND (weekdays IS NULL) = (end_time IS NULL)),
    CHECK (start_time < end_time)
);
CREATE INDEX time_off_by_provider ON time_off (business_id, provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX time_off_by_location ON time_off (business_id, location_id) WHERE location_id IS NOT NULL;

CREATE TABLE customers (
    business_id uuid NOT NULL REFERENCES businesses,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) <= 200),
    email text CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    locale text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    consent_email boolean NOT NULL DEFAULT false,
    consent_sms boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    -- Erasure (GDPR) keeps the row, so bookings stay countable, but no contact data.
    erased_at timestamptz,
    PRIMARY KEY (business_id, id),
    CHECK (erased_at IS NULL OR (name = '' AND email IS NULL AND phone IS NULL))
);
CREATE INDEX customers_by_email ON customers (business_id, lower(email)) WHERE email IS NOT NULL;

CREATE TABLE bookings (
    business_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    location_id uuid NOT NULL,
    provider_id uuid NOT NULL,
    service_id uuid NOT NULL,
    customer_id uuid NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    -- [starts_at − buffer before, ends_at + buffer after): the time the provider
    -- loses, and what the exclusion constraint compares. Stored, not derived, so
    -- a later change to the service's buffers does not move existing bookings.
    blocked tstzrange NOT NULL,
    status text NOT NULL CHECK (status IN ('confirmed', 'held', 'cancelled', 'completed', 'no_show')),
    -- Bumped by every change; part of reminder dedupe keys, so a moved booking's
    -- old reminders never match its new ones.
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    -- The business's notice when the booking was made: later policy changes do
    -- not move this customer's deadline.
    cancellation_notice interval NOT NULL CHECK (booknow_is_elapsed(cancellation_notice)),
    -- SHA-256 of the random token in the customer's manage links. Unique on its
    -- own because a link carries only the token, not the business.
    manage_token_hash bytea NOT NULL UNIQUE CHECK (octet_length(manage_token_hash) = 32),
    hold_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    updated_at timestamptz NOT NULL DEFAULT booknow_now(),
    cancelled_at timestamptz,
    cancel_reason text CHECK (length(cancel_reason) <= 500),
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, location_id) REFERENCES locations,
    FOREIGN KEY (business_id, provider_id) REFERENCES providers,
    FOREIGN KEY (business_id, service_id) REFERENCES services,
    FOREIGN KEY (business_id, customer_id) REFERENCES customers,
    CHECK (starts_at < ends_at),
    CHECK (lower_inc(blocked) AND NOT upper_inc(blocked) AND blocked @> tstzrange(starts_at, ends_at)),
    CHECK ((status = 'held') = (hold_expires_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    -- The zero-double-booking guarantee: no two live (confirmed or held) bookings
    -- of one provider share an instant of their blocked intervals, under any
    -- concurrency. A violation is SQLSTATE 23P01, answered as HTTP 409.
    -- business_id is included for Citus (and costs nothing: provider ids are
    -- unique). This partial GiST index also serves the availability query,
    -- "live bookings of this provider overlapping this range".
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (business_id WITH =, provider_id WITH =, blocked WITH &&)
        WHERE (status IN ('confirmed', 'held'))
);
-- A provider's day list and reports, by start time.
CREATE INDEX bookings_by_provider_start ON bookings (business_id, provider_id, starts_at);
CREATE INDEX bookings_by_customer ON bookings (business_id, customer_id);
-- The waitlist's expiry sweep finds held bookings whose hold ran out.
CREATE INDEX bookings_hold_expiry ON bookings (hold_expires_at) WHERE status = 'held';

CREATE TABLE waitlist_entries (
    business_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    service_id uuid NOT NULL,
    location_id uuid NOT NULL,
    -- NULL: any provider at the location who offers the service.
    provider_id uuid,
    customer_id uuid NOT NULL,
    -- The times the customer would take, as one multirange: "does this freed
    -- slot fall in what they want?" is `wanted @> slot`, served by GiST.
    wanted tstzmultirange NOT NULL CHECK (NOT isempty(wanted)),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'left')),
    -- The held booking offered to this customer, while status is 'offered'.
    offered_booking_id uuid,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    updated_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, id),
    FOREIGN KEY (business_id, service_id) REFERENCES services,
    FOREIGN KEY (business_id, location_id) REFERENCES locations,
    FOREIGN KEY (business_id, provider_id) REFERENCES providers,
    FOREIGN KEY (business_id, customer_id) REFERENCES customers,
    FOREIGN KEY (business_id, offered_booking_id) REFERENCES bookings,
    CHECK (status <> 'offered' OR offered_booking_id IS NOT NULL)
);
-- First come, first offered: the waiting entries for a service at a location in order.
CREATE INDEX waitlist_waiting_in_order ON waitlist_entries (business_id, service_id, location_id, created_at)
    WHERE status = 'waiting';
CREATE INDEX waitlist_waiting_wanted ON waitlist_entries USING gist (wanted) WHERE status = 'waiting';

-- Recipients not to contact again on a channel. business_id NULL applies to every
-- business (a hard bounce); set, to one (a STOP reply to that business's sender).
CREATE TABLE suppressions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id uuid REFERENCES businesses,
    channel text NOT NULL CHECK (channel IN ('email', 'sms')),
    -- Normalised by the caller: e-mail lower-cased, phones E.164.
    recipient text NOT NULL CHECK (recipient <> '' AND (channel <> 'email' OR recipient = lower(recipient))),
    reason text NOT NULL CHECK (reason IN ('hard_bounce', 'invalid_number', 'opted_out', 'not_mobile', 'complaint', 'manual')),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    UNIQUE NULLS NOT DISTINCT (channel, recipient, business_id)
);

CREATE TABLE api_keys (
    business_id uuid NOT NULL REFERENCES businesses,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    scope text NOT NULL CHECK (scope IN ('public', 'admin')),
    -- The key's first characters, shown to admins and used to find the row; the
    -- rest is checked against `hash` (SHA-256) in constant time.
    prefix text NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 8 AND 32),
    hash bytea NOT NULL CHECK (octet_length(hash) = 32),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    revoked_at timestamptz,
    last_used_at timestamptz,
    PRIMARY KEY (business_id, id)
);

-- Answers to POSTs by Idempotency-Key: the same key and request replay the
-- stored answer; the same key with another request hash is refused.
CREATE TABLE idempotency_keys (
    business_id uuid NOT NULL REFERENCES businesses,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL CHECK (octet_length(request_hash) = 32),
    response_status smallint NOT NULL CHECK (response_status BETWEEN 100 AND 599),
    response_body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, key)
);
-- Pruning old keys after their retention.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Per-business template overrides, one row per version: an edit inserts the next
-- version, so history is kept and the current text is the highest version.
CREATE TABLE message_templates (
    business_id uuid NOT NULL REFERENCES businesses,
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
    channel text NOT NULL CHECK (channel IN ('email', 'sms')),
    locale text NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    part text NOT NULL CHECK ((channel = 'email' AND part IN ('subject', 'text', 'html')) OR (channel = 'sms' AND part = 'text')),
    version integer NOT NULL CHECK (version > 0),
    body text NOT NULL CHECK (length(body) <= 100000),
    updated_by text NOT NULL CHECK (updated_by <> ''),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, kind, channel, locale, part, version)
);
