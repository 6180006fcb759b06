package io.notify.enricher.rendering;

/**
 * The content of one channel's notification. {@code subject} is the email subject or push title;
 * {@code html} is for email only and may be null.
 */
public record RenderedMessage(String subject, String text, String html) {
}
