package io.notify.stack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one real stack per test run: the first test class that asks starts
 * it, every later one reuses it, and it stops when the run ends. Test methods and constructors
 * receive {@link StackEndpoints} (or the {@link LocalStack} itself) as parameters.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == StackEndpoints.class || type == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = stack(context);
        return parameter.getParameter().getType() == LocalStack.class ? stack : stack.endpoints();
    }

    private static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, key -> SharedStack.start(), SharedStack.class)
                .stack();
    }

    /** Closed by JUnit when the root context closes, i.e. at the end of the test run. */
    private record SharedStack(LocalStack stack, TemporaryDirectory directory)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static SharedStack start() {
            TemporaryDirectory directory = TemporaryDirectory.create("notify-stack-");
            return new SharedStack(LocalStack.start(StackOptions.ephemeral(directory.path())), directory);
        }

        @Override
        public void close() {
            stack.close();
            directory.close();
        }
    }
}
