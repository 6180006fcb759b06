package io.notify.enricher.rendering;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Compiles templates that come from the database, to be rendered over values that come from any
 * upstream service. Two rules hold whatever the template says:
 * <ul>
 *   <li>Every value goes through {@link #encode}: {@code {{{name}}}} and {@code {{& name}}} are
 *       compiled as {@code {{name}}}, because in an HTML body an unescaped value lets an event
 *       field add markup or script. Only the template's own text is written as is.</li>
 *   <li>No template reads another: a partial ({@code {{> name}}}, {@code {{>* name}}}) or a
 *       parent ({@code {{< name}}}) throws {@link PartialRefusedException}. Mustache would
 *       resolve the name on the classpath and under the working directory, and a dynamic
 *       partial takes the name from the event.</li>
 * </ul>
 */
final class SandboxedMustacheFactory extends DefaultMustacheFactory {

    private final boolean escapesHtml;

    private SandboxedMustacheFactory(boolean escapesHtml) {
        // Every partial and parent is looked up through the resolver, at compile or at render time.
        super(name -> {
            throw new PartialRefusedException();
        });
        this.escapesHtml = escapesHtml;
        setObjectHandler(new StrictObjectHandler());
    }

    /** For HTML bodies: every value HTML-escaped. */
    static SandboxedMustacheFactory html() {
        return new SandboxedMustacheFactory(true);
    }

    /** For subjects, text, SMS and push: every value as is. */
    static SandboxedMustacheFactory plainText() {
        return new SandboxedMustacheFactory(false);
    }

    @Override
    public MustacheVisitor createMustacheVisitor() {
        return new DefaultMustacheVisitor(this) {
            @Override
            public void value(TemplateContext templateContext, String variable, boolean encoded) {
                super.value(templateContext, variable, true);
            }
        };
    }

    @Override
    public void encode(String value, Writer writer) {
        if (escapesHtml) {
            super.encode(value, writer);
            return;
        }
        try {
            writer.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
