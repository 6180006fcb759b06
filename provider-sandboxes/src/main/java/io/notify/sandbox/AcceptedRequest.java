package io.notify.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One request a sandbox accepted, as the provider would have stored it.
 *
 * @param messageId the id the sandbox answered with (APNs apns-id, FCM name, Twilio sid, SendGrid X-Message-Id)
 * @param recipient      device token, phone number or email address
 * @param notificationId our notification id where the request carries it (APNs payload and FCM data
 *                       {@code notification_id}, SendGrid custom arg {@code notification_id}, Twilio
 *                       StatusCallback query {@code notificationId}, SMTP {@code X-Notification-Id}); empty otherwise
 * @param request        the request as JSON (form posts converted to an object of fields)
 */
public record AcceptedRequest(String messageId, String recipient, String notificationId, JsonNode request, Instant acceptedAt) {}
