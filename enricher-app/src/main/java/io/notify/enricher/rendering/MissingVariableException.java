package io.notify.enricher.rendering;

/** A template names a variable that no scope defines; the message names the variable, never its data. */
public final class MissingVariableException extends RuntimeException {

    public MissingVariableException(String variable, String templateName) {
        super("template " + templateName + " uses {{" + variable + "}}, which neither the event nor the user defines");
    }
}
