-- compatibility: expand
-- Delivery receipts (issue 9, "Delivery receipts"): what providers told us
-- about messages after they accepted them — Twilio status callbacks, email
-- bounce / complaint / delivery events. One row per callback, append-only:
-- providers repeat and reorder callbacks, and the history is what an
-- operator reads when a customer says "I never got it".
--
-- Receipts join to the queue's history by the provider's message id:
-- job_attempts.provider_message_id holds the id the provider returned when
-- the message was sent (the Twilio SID, the email's Message-ID), so
--   SELECT … FROM job_attempts a JOIN message_receipt_latest r
--     ON r.provider_message_id = a.provider_message_id
-- gives each attempt its latest known fate. No foreign key: a receipt may
-- arrive before the attempt's row is written, or after it was pruned.
--
-- No message body is ever stored here: `detail` holds the provider's status
-- fields with the body removed.
CREATE TABLE message_receipts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider text NOT NULL CHECK (provider ~ '^[a-z][a-z0-9_]*$'),
    provider_message_id text NOT NULL CHECK (provider_message_id <> '' AND length(provider_message_id) <= 998),
    channel text NOT NULL CHECK (channel IN ('email', 'sms')),
    status text NOT NULL CHECK (status IN ('queued', 'accepted', 'scheduled', 'sending', 'sent', 'delivered', 'read',
                                           'undelivered', 'failed', 'canceled', 'bounced', 'complained', 'other')),
    -- How far along a message is: later stages win over earlier ones whatever
    -- order the callbacks arrived in (Twilio may post "sent" after "delivered").
    stage smallint NOT NULL GENERATED ALWAYS AS (
        CASE status
            WHEN 'complained' THEN 4
            WHEN 'delivered' THEN 3 WHEN 'read' THEN 3 WHEN 'undelivered' THEN 3 WHEN 'failed' THEN 3
            WHEN 'canceled' THEN 3 WHEN 'bounced' THEN 3
            WHEN 'sent' THEN 2
            ELSE 1
        END) STORED,
    -- The provider's error code (Twilio's ErrorCode, an SMTP reply), if any.
    error_code text CHECK (error_code <> '' AND length(error_code) <= 64),
    detail jsonb NOT NULL DEFAULT '{}',
    received_at timestamptz NOT NULL DEFAULT booknow_now()
);

-- Every lookup is by the provider's message id (the join to job_attempts,
-- the latest-status view below).
CREATE INDEX message_receipts_message_idx ON message_receipts (provider_message_id, provider);

-- The latest status of each message: its furthest stage, then its newest receipt.
CREATE VIEW message_receipt_latest AS
SELECT DISTINCT ON (provider, provider_message_id)
       provider, provider_message_id, channel, status, error_code, received_at
FROM message_receipts
ORDER BY provider, provider_message_id, stage DESC, received_at DESC, id DESC;
