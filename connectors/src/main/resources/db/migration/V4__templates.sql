-- Mustache templates per event type (or explicit template id), channel and locale.
-- subject is the email subject or the push title; html_body is for email only.
-- category says which notification setting governs what the template sends.
CREATE TABLE templates (
    id          BIGSERIAL PRIMARY KEY,
    template_id TEXT NOT NULL,
    event_type  TEXT,
    channel     TEXT NOT NULL CHECK (channel IN ('ios', 'android', 'sms', 'email')),
    locale      TEXT NOT NULL DEFAULT 'en',
    category    TEXT NOT NULL DEFAULT 'general',
    subject     TEXT,
    body        TEXT NOT NULL,
    html_body   TEXT,
    UNIQUE (template_id, channel, locale)
);
CREATE INDEX templates_event_type ON templates (event_type);
