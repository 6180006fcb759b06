-- Contact data collected at sign-up. The id is the product's user id, the same string that
-- upstream services use as the key of their events.
CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    email        TEXT,
    phone_number TEXT,
    locale       TEXT        NOT NULL DEFAULT 'en',
    timezone     TEXT        NOT NULL DEFAULT 'UTC',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
