package io.notify.enricher.rendering;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders Mustache sources over a scope. HTML bodies escape every value, in every form Mustache
 * knows ({@code {{v}}}, {@code {{{v}}}}, {@code {{& v}}}); subjects, text, SMS and push bodies are
 * plain text and never escaped. A template that includes a partial or a parent fails with
 * {@link PartialRefusedException}, which dead-letters the event as {@code processing_error}; see
 * {@link SandboxedMustacheFactory}. Compiled templates are cached by their source text, so an
 * edited template is simply a new cache entry; the cache is bounded.
 */
public final class MustacheRenderer {

    private static final int CACHE_SIZE = 512;

    private final SandboxedMustacheFactory html = SandboxedMustacheFactory.html();
    private final SandboxedMustacheFactory plain = SandboxedMustacheFactory.plainText();
    private final Map<String, Mustache> compiled = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mustache> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public String plainText(String source, String name, Map<String, Object> scope) {
        return render(plain, "plain:", source, name, scope);
    }

    public String html(String source, String name, Map<String, Object> scope) {
        return render(html, "html:", source, name, scope);
    }

    private String render(SandboxedMustacheFactory factory, String kind, String source, String name, Map<String, Object> scope) {
        if (source == null) {
            return null;
        }
        Mustache mustache = compiled.computeIfAbsent(kind + source, key -> factory.compile(new StringReader(source), name));
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scope);
        } catch (MustacheException e) {
            throw missingVariable(e);
        }
        return out.toString();
    }

    private static RuntimeException missingVariable(MustacheException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MissingVariableException missing) {
                return missing;
            }
        }
        return e;
    }
}
