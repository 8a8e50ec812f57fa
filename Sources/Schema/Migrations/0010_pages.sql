-- compatibility: expand
-- Customer pages. Each business gets a booking page at /book/{slug}: a short
-- public name, unique across businesses, made at random when a business is
-- created (an older release inserting businesses gets one too) and settable by
-- the operator and the admin API. Lower-case letters, digits and inner hyphens,
-- so it reads well in a link and never needs escaping.
ALTER TABLE businesses
    ADD COLUMN slug text NOT NULL UNIQUE DEFAULT substr(replace(gen_random_uuid()::text, '-', ''), 1, 10)
        CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$'),
    -- Shown on pages and in messages ("call us"), when the business has one.
    ADD COLUMN phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$');
