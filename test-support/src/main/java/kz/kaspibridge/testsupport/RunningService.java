package kz.kaspibridge.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * One service started in the test JVM the way it runs for real (its own Spring context, real Kafka, the real
 * registry, {@link TestStack#serviceArguments} plus the test's settings), so a test can start several, stop one and
 * start it again.
 */
public final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningService start(Class<?> application, Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.config.location", ownConfig(application));
        props.putAll(settings);
        return new RunningService(new SpringApplicationBuilder(application, OwnNettyResources.class)
                .registerShutdownHook(false).run(TestStack.serviceArguments(props)));
    }

    /**
     * The service's own {@code application.yml}, from the jar or directory its class came from. Every service
     * has one at the root of its classpath, so with two services in one test JVM (the gateway's tests start the
     * ingress) {@code classpath:application.yml} would give both the first one found. From a directory (the
     * module's own tests) its profile files load too; from a jar only {@code application.yml} does.
     */
    static String ownConfig(Class<?> application) {
        String source = application.getProtectionDomain().getCodeSource().getLocation().toString();
        if (source.endsWith(".jar")) {
            return "jar:" + source + "!/application.yml";
        }
        return source.endsWith("/") ? source : source + "/";
    }

    /** A bean of the running service: its Streams, its meters. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The HTTP port it listens on. */
    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @Override
    public void close() {
        context.close();
    }

    /** Several reactive apps share the JVM (the sandbox, two instances): each keeps its own Netty resources. */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {
        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }
}
