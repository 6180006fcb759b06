package io.notify.enricher.rendering;

/**
 * A template includes another one ({@code {{> name}}}, {@code {{>* name}}}, {@code {{< name}}}).
 * Templates come from the database and are rendered on their own: resolving the name would read a
 * file from the classpath or the file system. The message does not repeat the name, which a
 * dynamic partial takes from the event.
 */
public final class PartialRefusedException extends RuntimeException {

    public PartialRefusedException() {
        super("templates cannot include partials or parent templates ({{> }}, {{>* }}, {{< }})");
    }
}
