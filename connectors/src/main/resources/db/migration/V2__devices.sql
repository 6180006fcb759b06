-- A user has many devices; each is one push target.
CREATE TABLE devices (
    id            BIGSERIAL PRIMARY KEY,
    user_id       TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    platform      TEXT        NOT NULL CHECK (platform IN ('ios', 'android')),
    device_token  TEXT        NOT NULL UNIQUE,
    last_login_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX devices_user_id ON devices (user_id);
