-- compatibility: expand
-- What customers read before they choose a service: a description and a price.
-- Both optional and nullable without a default, so adding them rewrites no row
-- and the previous release, which never names them, reads and writes as before.

-- Plain text for the booking page and messages: line breaks allowed, no other
-- control characters, never blank (no description is NULL, not '').
ALTER TABLE services ADD COLUMN description text
    CONSTRAINT services_description_text CHECK (
        length(description) BETWEEN 1 AND 1000 AND description ~ '[^[:space:]]' AND description !~ '[\x01-\x09\x0B-\x1F\x7F]');

-- A price is an amount in the currency's minor unit (cents for USD, yen for
-- JPY) and an ISO 4217 code; both or neither. Which codes exist and how many
-- minor digits each has is the application's knowledge; the schema keeps the
-- shape. The bound keeps every amount exact in a JSON number.
ALTER TABLE services ADD COLUMN price_minor bigint
    CONSTRAINT services_price_minor_range CHECK (price_minor BETWEEN 0 AND 999999999999);
ALTER TABLE services ADD COLUMN price_currency text
    CONSTRAINT services_price_currency_code CHECK (price_currency ~ '^[A-Z]{3}$');
ALTER TABLE services ADD CONSTRAINT services_price_whole CHECK ((price_minor IS NULL) = (price_currency IS NULL));
