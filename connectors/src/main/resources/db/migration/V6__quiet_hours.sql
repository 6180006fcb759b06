-- A user's quiet hours, 'HH:MM-HH:MM' in the user's own timezone (22:00-07:00 crosses
-- midnight); NULL: the category's default window, if any. Text rather than two TIME columns
-- so that CDC carries it as written, not as microseconds since midnight.
ALTER TABLE users ADD COLUMN quiet_hours TEXT
    CHECK (quiet_hours ~ '^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$');
