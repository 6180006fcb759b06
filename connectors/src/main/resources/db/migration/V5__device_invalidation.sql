-- Set when a provider reports the token dead (APNs Unregistered, FCM UNREGISTERED); CDC carries
-- it back to the enricher, which stops targeting the device.
ALTER TABLE devices ADD COLUMN invalidated_at TIMESTAMPTZ;
