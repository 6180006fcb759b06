-- Opt-in per user, channel and category. A missing row means the configured default.
-- The single-column id keeps CDC keys plain strings; the natural key is unique.
CREATE TABLE notification_settings (
    id       BIGSERIAL PRIMARY KEY,
    user_id  TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel  TEXT    NOT NULL CHECK (channel IN ('ios', 'android', 'sms', 'email')),
    category TEXT    NOT NULL,
    opt_in   BOOLEAN NOT NULL,
    UNIQUE (user_id, channel, category)
);
