package io.notify.enricher.rendering;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.GuardedBinding;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.util.List;

/**
 * Mustache's default renders an unknown name as nothing, which would send "Your order  has
 * shipped". This handler refuses instead: a name that no scope defines throws
 * {@link MissingVariableException}. A name that is defined but null still renders as empty (an
 * optional Avro field that is unset), so templates can use optional fields in sections.
 */
final class StrictObjectHandler extends ReflectionObjectHandler {

    @Override
    public Binding createBinding(String name, TemplateContext tc, Code code) {
        return new GuardedBinding(this, name, tc, code) {
            @Override
            protected synchronized Wrapper getWrapper(String variable, List<Object> scopes) {
                Wrapper wrapper = super.getWrapper(variable, scopes);
                if (wrapper instanceof MissingWrapper) {
                    throw new MissingVariableException(variable, tc.file());
                }
                return wrapper;
            }
        };
    }
}
