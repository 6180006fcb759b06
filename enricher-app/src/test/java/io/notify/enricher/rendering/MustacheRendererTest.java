package io.notify.enricher.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MustacheRendererTest {

    private static final String HOSTILE = "<script>alert(\"x\")</script>&'";
    private static final String ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";
    private static final String NAME = "welcome/email/en/html";

    private final MustacheRenderer renderer = new MustacheRenderer();

    /** A partial names a file relative to the template's name; this one is on the test classpath. */
    private static final String FILE = "rendering/local-file";
    private static final String TOP_LEVEL_NAME = "html";

    private final Map<String, Object> scope = Map.of(
            "v", HOSTILE,
            "items", List.of(Map.of("name", HOSTILE), Map.of("name", "two")),
            "none", List.of(),
            "user", Map.of("id", HOSTILE),
            "file", FILE);

    @Test
    void shouldEscapeAVariableInHtml() {
        assertThat(renderer.html("<p>{{v}}</p>", NAME, scope)).isEqualTo("<p>" + ESCAPED + "</p>");
    }

    @Test
    void shouldEscapeATripleMustacheInHtml() {
        assertThat(renderer.html("<p>{{{v}}}</p>", NAME, scope)).isEqualTo("<p>" + ESCAPED + "</p>");
    }

    @Test
    void shouldEscapeAnAmpersandVariableInHtml() {
        assertThat(renderer.html("<p>{{& v}}</p>", NAME, scope)).isEqualTo("<p>" + ESCAPED + "</p>");
    }

    @Test
    void shouldEscapeUnescapedFormsUnderChangedDelimitersInHtml() {
        assertThat(renderer.html("{{=<% %>=}}<%{v}%>|<%& v%>", NAME, scope)).isEqualTo(ESCAPED + "|" + ESCAPED);
    }

    @Test
    void shouldEscapeEveryItemOfASectionInHtml() {
        assertThat(renderer.html("<ul>{{#items}}<li>{{{name}}}</li>{{/items}}</ul>", NAME, scope))
                .isEqualTo("<ul><li>" + ESCAPED + "</li><li>two</li></ul>");
    }

    @Test
    void shouldEscapeAnInvertedSectionInHtml() {
        assertThat(renderer.html("{{^none}}<p>{{{v}}}</p>{{/none}}", NAME, scope)).isEqualTo("<p>" + ESCAPED + "</p>");
    }

    @Test
    void shouldEscapeADottedNameInHtml() {
        assertThat(renderer.html("<p>{{user.id}}|{{{user.id}}}</p>", NAME, scope)).isEqualTo("<p>" + ESCAPED + "|" + ESCAPED + "</p>");
    }

    @Test
    void shouldKeepTheTemplatesOwnMarkupInHtml() {
        assertThat(renderer.html("<a href=\"https://notify.example/\">&amp; more</a>", NAME, scope))
                .isEqualTo("<a href=\"https://notify.example/\">&amp; more</a>");
    }

    @Test
    void shouldNotEscapeAnyFormInPlainText() {
        String source = "{{v}}|{{{v}}}|{{& v}}|{{#items}}{{{name}}};{{/items}}|{{^none}}{{v}}{{/none}}|{{user.id}}";

        assertThat(renderer.plainText(source, "welcome/sms/en/body", scope))
                .isEqualTo(String.join("|", HOSTILE, HOSTILE, HOSTILE, HOSTILE + ";two;", HOSTILE, HOSTILE));
    }

    @Test
    void shouldRefuseAPartialInHtml() {
        assertThatThrownBy(() -> renderer.html("<p>{{> " + FILE + "}}</p>", TOP_LEVEL_NAME, scope))
                .isInstanceOf(PartialRefusedException.class);
    }

    @Test
    void shouldRefuseAPartialInPlainText() {
        assertThatThrownBy(() -> renderer.plainText("{{> " + FILE + "}}", TOP_LEVEL_NAME, scope))
                .isInstanceOf(PartialRefusedException.class);
    }

    @Test
    void shouldRefuseAPartialWhoseNameComesFromTheEvent() {
        assertThatThrownBy(() -> renderer.plainText("{{>*file}}", TOP_LEVEL_NAME, scope))
                .isInstanceOf(PartialRefusedException.class);
    }

    @Test
    void shouldRefuseAParentTemplate() {
        assertThatThrownBy(() -> renderer.html("{{< " + FILE + "}}{{/" + FILE + "}}", TOP_LEVEL_NAME, scope))
                .isInstanceOf(PartialRefusedException.class);
    }

    @Test
    void shouldStillRefuseAnUndefinedVariable() {
        assertThatThrownBy(() -> renderer.html("<p>{{{orderNumber}}}</p>", NAME, scope))
                .isInstanceOf(MissingVariableException.class)
                .hasMessageContaining("orderNumber");
    }
}
