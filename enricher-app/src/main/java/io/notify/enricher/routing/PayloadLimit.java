package io.notify.enricher.routing;

import io.notify.enricher.rendering.RenderedEvent;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * Suppresses a channel whose rendered message its provider would refuse, or that would not fit in
 * one channel record: such a record would fail at the producer on every retry and hold up its
 * partition. Limits as the providers document them; channels already suppressed are left alone.
 */
public final class PayloadLimit implements ValueMapper<RenderedEvent, RenderedEvent> {

    /** APNs: the JSON payload of a regular (non-VoIP) notification. */
    public static final int APNS_PAYLOAD_BYTES = 4096;
    /** FCM: notification plus data of one message. */
    public static final int FCM_PAYLOAD_BYTES = 4096;
    /** Twilio: the body of one message, however many segments it is sent in. */
    public static final int TWILIO_BODY_CHARACTERS = 1600;
    /** SendGrid: the whole message; in practice the Kafka record limit ({@code enricher.email.max.bytes}) is lower. */
    public static final long SENDGRID_MESSAGE_BYTES = 30_000_000L;

    private final long emailMaxBytes;

    public PayloadLimit(long emailMaxBytes) {
        this.emailMaxBytes = Math.min(emailMaxBytes, SENDGRID_MESSAGE_BYTES);
    }

    @Override
    public RenderedEvent apply(RenderedEvent event) {
        return event.withPlans(event.plans().stream()
                .map(plan -> plan.isSuppressed() || fits(plan) ? plan : plan.suppressed(SuppressionReason.PAYLOAD_TOO_LARGE))
                .toList());
    }

    private boolean fits(ChannelPlan plan) {
        return switch (plan.channel()) {
            case IOS -> ProviderPayloads.apnsBytes(plan) <= APNS_PAYLOAD_BYTES;
            case ANDROID -> ProviderPayloads.fcmBytes(plan) <= FCM_PAYLOAD_BYTES;
            case SMS -> ProviderPayloads.smsCharacters(plan) <= TWILIO_BODY_CHARACTERS;
            case EMAIL -> ProviderPayloads.emailBytes(plan) <= emailMaxBytes;
        };
    }
}
