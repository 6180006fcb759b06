package io.notify.enricher.intake;

/** Content given as is by a {@code NotificationRequested} without a template: used for every channel. */
public record VerbatimContent(String subject, String text, String html) {

    /** No body on any channel (a subject alone is not a message). */
    public boolean isEmpty() {
        return (text == null || text.isBlank()) && (html == null || html.isBlank());
    }
}
