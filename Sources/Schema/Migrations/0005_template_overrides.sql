-- compatibility: expand
-- Per-business template overrides, versioned per message (issue 8, "Template
-- overrides"). An admin edits a whole message — a kind, a channel and a locale —
-- so the version counts changes of that message: each change is one row here,
-- numbered 1, 2, 3… per (business, kind, channel, locale), and its parts are the
-- message_templates rows with the same version. The current override is the
-- highest version.
--
-- A reset to the shipped default is a version with action 'reset' and no parts
-- (a tombstone), not a delete: history stays complete (who reset it, when), and
-- a rollback can return to any version, including one from before the reset.
-- A rollback is a new version that copies the parts of an older one.
--
-- Version numbers are unique by the primary key; writers also serialize on a
-- transaction-scoped advisory lock per message (TemplateOverrideEditor), so two
-- admins saving at once get consecutive versions instead of a key conflict.
CREATE TABLE message_template_versions (
    business_id uuid NOT NULL REFERENCES businesses,
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
    channel text NOT NULL CHECK (channel IN ('email', 'sms')),
    locale text NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    version integer NOT NULL CHECK (version > 0),
    action text NOT NULL CHECK (action IN ('set', 'rollback', 'reset')),
    -- The version a rollback copied; set for rollbacks only.
    source_version integer CHECK ((action = 'rollback') = (source_version IS NOT NULL)),
    updated_by text NOT NULL CHECK (updated_by <> '' AND length(updated_by) <= 200),
    created_at timestamptz NOT NULL DEFAULT booknow_now(),
    PRIMARY KEY (business_id, kind, channel, locale, version)
);

-- Part rows written before this migration become 'set' versions, so the
-- foreign key below holds for them.
INSERT INTO message_template_versions (business_id, kind, channel, locale, version, action, updated_by, created_at)
SELECT business_id, kind, channel, locale, version, 'set', max(updated_by), min(created_at)
FROM message_templates
GROUP BY business_id, kind, channel, locale, version;

-- Every part belongs to a recorded version of its message.
ALTER TABLE message_templates ADD CONSTRAINT message_templates_version_fkey
    FOREIGN KEY (business_id, kind, channel, locale, version) REFERENCES message_template_versions;

-- Daemons cache parsed templates (TemplateCatalog). Any change to a business's
-- overrides — through booknowctl, the API, or an operator's SQL — sends the
-- business id on 'template_changed' when its transaction commits, and daemons
-- that LISTEN drop that business's cached templates (TemplateChangeListener).
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION booknow_notify_template_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('template_changed', OLD.business_id::text);
    ELSE
        PERFORM pg_notify('template_changed', NEW.business_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER message_template_versions_changed
    AFTER INSERT OR UPDATE OR DELETE ON message_template_versions
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_template_changed();

CREATE TRIGGER message_templates_changed
    AFTER INSERT OR UPDATE OR DELETE ON message_templates
    FOR EACH ROW EXECUTE FUNCTION booknow_notify_template_changed();
