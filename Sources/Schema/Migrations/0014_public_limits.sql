-- compatibility: expand
-- Limits on public writes (DESIGN.md, "Web surfaces": abuse of the public form).
-- Every column is nullable and every table new, so an older release keeps
-- running on this schema.

-- The client address of an audited change made over HTTP (Request.clientAddress:
-- the peer's, or behind a trusted proxy the forwarded client's); NULL for the
-- CLI and for rows written before this column.
ALTER TABLE admin_audit ADD COLUMN client_address text;

-- Per-business overrides of the deployment's defaults ([public] in the
-- configuration); NULL: the default. sms_calling_codes: the country calling
-- codes SMS may go to (E.164 digits, '44'); NULL: those of the countries of the
-- business's locations, from their time zones.
ALTER TABLE businesses
    ADD COLUMN public_open_bookings_per_contact integer CHECK (public_open_bookings_per_contact >= 0),
    ADD COLUMN public_submissions_per_hour integer CHECK (public_submissions_per_hour >= 0),
    ADD COLUMN public_flood_bookings_per_hour integer CHECK (public_flood_bookings_per_hour >= 0),
    ADD COLUMN sms_calling_codes text[] CHECK (array_position(sms_calling_codes, NULL) IS NULL);

-- One row per customer message a public write caused (a confirmation, a
-- hold's link), per recipient: the cap on messages per recipient per day
-- counts them across businesses. The recipient is a SHA-256 of its address,
-- so erasing a customer leaves nothing to erase here.
CREATE TABLE public_messages (
    recipient_hash bytea NOT NULL,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT booknow_now()
);
-- The cap's count: one recipient's rows of the last day.
CREATE INDEX public_messages_recipient ON public_messages (recipient_hash, created_at);

-- Bookings made through a public door (the booking page, POST /v1/bookings):
-- flood mode counts a business's of the last hour. held: made as a hold the
-- customer confirms by an emailed link.
CREATE TABLE public_bookings (
    business_id uuid NOT NULL,
    booking_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    held boolean NOT NULL DEFAULT false,
    PRIMARY KEY (business_id, booking_id),
    FOREIGN KEY (business_id, booking_id) REFERENCES bookings ON DELETE CASCADE
);
CREATE INDEX public_bookings_recent ON public_bookings (business_id, created_at);

-- Flood mode per business: a row while it lasts (ended_at NULL), kept after,
-- so the business's admins are told once when it starts and once when it ends.
CREATE TABLE public_floods (
    business_id uuid PRIMARY KEY REFERENCES businesses (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at timestamptz
);
