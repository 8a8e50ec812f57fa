-- compatibility: expand
-- Daemons keep keys they have verified in memory (APIKeyCache), so a request
-- is authorised without a round trip. They trust that copy only while they
-- hear every change that can take a key's grant away: revoking, changing or
-- deleting a key, and disabling or deleting its business. Each such statement
-- sends the next number of api_key_changes on 'api_keys_changed' when its
-- transaction commits, and a daemon that hears it drops every key it holds.
-- The number lets a test wait until a daemon has heard a given change.
-- Creating a key sends nothing: only keys already verified are kept.
-- Statement-level, so revoking many keys is one notification; the previous
-- release neither reads the sequence nor listens on the channel.
CREATE SEQUENCE api_key_changes;

CREATE FUNCTION booknow_notify_api_keys_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('api_keys_changed', nextval('api_key_changes')::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_changed
    AFTER UPDATE OR DELETE OR TRUNCATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_api_keys_changed();

CREATE TRIGGER businesses_disabled_changed
    AFTER UPDATE OF disabled_at OR DELETE OR TRUNCATE ON businesses
    FOR EACH STATEMENT EXECUTE FUNCTION booknow_notify_api_keys_changed();
