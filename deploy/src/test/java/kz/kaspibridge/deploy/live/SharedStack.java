package kz.kaspibridge.deploy.live;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link WholeStack} per test JVM, for every test class that takes one as a parameter
 * ({@code @ExtendWith(SharedStack.class)}, {@code @BeforeAll static void start(WholeStack stack)}): starting it
 * costs most of a minute on two cores, so the classes share it. It is kept in JUnit's root store, which closes it
 * after the last test class and before the JVM's shutdown hooks stop the broker it needs to stop cleanly.
 */
public final class SharedStack implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WholeStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedStack.class))
                .computeIfAbsent(WholeStack.class, type -> WholeStack.start(), WholeStack.class);
    }
}
