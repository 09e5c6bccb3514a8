package kz.kaspibridge.schemas.spring;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every project settings record ({@code kz.kaspibridge.*}) is checked as Boot binds it: a setting
 * under its prefix that binds to nothing, from any source including environment variables, fails
 * start-up naming it, before validation can complain about a value the typo left at its default.
 * Once bound, the record is logged as one INFO line with its secrets masked.
 *
 * <p>A module with no record of its own still owns the prefix {@code spring.application.name}: a
 * setting there fails start-up too, once every bean is created.
 */
final class StrictSettings implements ConfigurationPropertiesBindHandlerAdvisor, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StrictSettings.class);
    private static final String PROJECT_PACKAGE = "kz.kaspibridge.";

    private final ConfigurableApplicationContext context;

    StrictSettings(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public BindHandler apply(BindHandler handler) {
        return new Checking(handler);
    }

    @Override
    public void afterSingletonsInstantiated() {
        String application = context.getEnvironment().getProperty("spring.application.name");
        if (application == null || !ConfigurationPropertyName.isValid(application) || hasRecordFor(application)) {
            return;
        }
        // ORDER_POLLER_X is under an application called "order" too, in the legacy form: leave what
        // another record binds to that record's own check.
        List<ConfigurationPropertyName> others = recordPrefixes().stream().filter(ConfigurationPropertyName::isValid)
                .map(ConfigurationPropertyName::of).toList();
        List<String> unknown = UnknownSettings.find(ConfigurationPropertyName.of(application), SettingsShape.empty(),
                ConfigurationPropertySources.get(context.getEnvironment()), others);
        if (!unknown.isEmpty()) {
            throw new UnknownSettingsException(application, "any settings record (this module has none)", unknown);
        }
    }

    // Also true when a record binds below the name (an application called "kaspi" beside kaspi.kafka):
    // then the name is no module's own prefix.
    private boolean hasRecordFor(String prefix) {
        return recordPrefixes().stream().anyMatch(other -> prefix.equals(other) || other.startsWith(prefix + "."));
    }

    private List<String> recordPrefixes() {
        List<String> prefixes = new ArrayList<>();
        for (String bean : context.getBeanNamesForAnnotation(ConfigurationProperties.class)) {
            ConfigurationProperties annotation = context.findAnnotationOnBean(bean, ConfigurationProperties.class);
            if (annotation != null) {
                prefixes.add(annotation.prefix());
            }
        }
        return prefixes;
    }

    private static boolean isProjectSettings(Bindable<?> target) {
        Class<?> type = target.getType().resolve();
        return type != null && type.getName().startsWith(PROJECT_PACKAGE);
    }

    private static final class Checking extends AbstractBindHandler {

        Checking(BindHandler parent) {
            super(parent);
        }

        @Override
        public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
            if (context.getDepth() == 0 && isProjectSettings(target)) {
                SettingsShape shape = SettingsShape.of(target.getType());
                List<String> unknown = UnknownSettings.find(name, shape, context.getSources());
                UnknownSettings.shadowedLists(name, shape, context.getSources(), unknown)
                        .forEach(sentence -> log.info("settings {}", sentence));
                if (!unknown.isEmpty()) {
                    throw new UnknownSettingsException(name.toString(), target.getType().resolve().getSimpleName(),
                            unknown);
                }
            }
            return super.onStart(name, target, context);
        }

        @Override
        public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
                throws Exception {
            super.onFinish(name, target, context, result);
            if (context.getDepth() == 0 && result != null && isProjectSettings(target)) {
                log.info("settings prefix={} {}", name, EffectiveSettings.pairs(result));
            }
        }
    }
}
