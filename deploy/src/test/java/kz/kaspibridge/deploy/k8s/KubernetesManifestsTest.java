package kz.kaspibridge.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kz.kaspibridge.deploy.Tools;
import kz.kaspibridge.orderpoller.config.OrderPollerProperties;
import kz.kaspibridge.schemas.topics.Topic;
import kz.kaspibridge.schemas.topics.Topics;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests of {@code deploy/k8s}: the base and the example overlay, rendered by {@code kubectl
 * kustomize} as an operator's {@code kubectl apply -k} would, then checked object by object.
 *
 * <p><b>Kubernetes API version: 1.33.</b> Every rendered object is read into the fabric8 Kubernetes model 7.4.0
 * (the kubernetes-client-bom that spring-cloud-dependencies manages), which is generated from the OpenAPI of
 * Kubernetes 1.33.0, with the API versions that are GA there (apps/v1, v1, policy/v1, autoscaling/v2). The model keeps
 * a field it does not know in {@code additionalProperties} instead of failing, so the check walks every object and
 * fails on any such field: a misspelt {@code readinesProbe} or {@code containerPorts} fails the build here, not the
 * apply.
 *
 * <p>Then what the cluster cannot know: the probes, container port, Service and scrape annotation use the port the
 * service really listens on (its {@code server.port} default); the environment each Deployment gives binds to the
 * service's own settings records and passes their validation, as it would at start-up; secrets are only referenced;
 * the pods run as non-root on a read-only root file system with their writable directories on emptyDirs; and no
 * autoscaler can add instances beyond the partitions the service reads.
 */
class KubernetesManifestsTest {

    private static final String BASE = "deploy/k8s/base";
    private static final String EXAMPLE = "deploy/k8s/overlays/example";

    /** The API version of each kind the manifests may hold: what Kubernetes 1.33 serves as GA. */
    private static final Map<String, String> API_VERSIONS = Map.of(
            "Deployment", "apps/v1",
            "Service", "v1",
            "ConfigMap", "v1",
            "Namespace", "v1",
            "PodDisruptionBudget", "policy/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2");

    /**
     * Services whose every instance reads every partition of the topics it reads (no consumer group), so more
     * instances add availability, never throughput: pricelist-publisher builds every merchant's file on each one.
     */
    private static final Set<String> EVERY_PARTITION_READERS = Set.of("pricelist-publisher");

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final String METRICS = "/actuator/prometheus";
    /** Read by the JVM itself, not by Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}");
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(TOKEN|SECRETS?|PASSWORD|API_KEY|CREDENTIALS)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();
    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

    @AfterAll
    static void closeValidation() {
        VALIDATION.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void everyObjectIsValidForTheKubernetesApi(String kustomization) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> documents = documents(render(kustomization));
        assertThat(documents).as("objects rendered from %s", kustomization).isNotEmpty();
        for (Map<String, Object> document : documents) {
            problems.addAll(schemaProblems(document));
        }
        assertThat(problems).as("objects of %s that Kubernetes 1.33 would not take as written", kustomization)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void everyServiceHasItsDeploymentServiceAndDisruptionBudget(String kustomization) {
        List<HasMetadata> objects = objects(kustomization);
        assertThat(serviceModules()).as("the service modules of the root pom").hasSizeGreaterThanOrEqualTo(5);
        for (String module : serviceModules()) {
            Deployment deployment = deployment(objects, module);
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertSelects(module + ": the Deployment's selector", deployment.getSpec().getSelector().getMatchLabels(),
                    podLabels);
            Service service = named(objects, Service.class, module)
                    .orElseThrow(() -> new AssertionError("no Service " + module + " in " + kustomization));
            assertSelects(module + ": the Service's selector", service.getSpec().getSelector(), podLabels);
            assertThat(of(objects, PodDisruptionBudget.class))
                    .as("%s: a PodDisruptionBudget selecting its pods", module)
                    .anySatisfy(pdb -> assertSelects(module + ": a PodDisruptionBudget's selector",
                            pdb.getSpec().getSelector().getMatchLabels(), podLabels));
            String image = container(deployment, module).getImage();
            if (kustomization.equals(BASE)) {
                assertThat(image).as("%s: image", module).isEqualTo("kaspi-bridge/" + module + ":" + version());
            } else {
                assertThat(image).as("%s: image", module).contains("kaspi-bridge/" + module + ":");
            }
        }
        assertThat(of(objects, Deployment.class)).as("Deployments of the service modules only (not kaspi-sandbox)")
                .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(serviceModules());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void probesPortsAndScrapeAnnotationsUseThePortTheServiceListensOn(String kustomization) {
        List<HasMetadata> objects = objects(kustomization);
        for (String module : serviceModules()) {
            int port = serverPort(module);
            Deployment deployment = deployment(objects, module);
            Container container = container(deployment, module);
            assertThat(container.getPorts()).as("%s: container ports", module)
                    .extracting(ContainerPort::getContainerPort).containsExactly(port);
            assertThat(environment(objects, deployment, module)).as("%s: the port stays the service's default", module)
                    .doesNotContainKey("SERVER_PORT");

            assertProbe(module, "liveness", container.getLivenessProbe(), LIVENESS, container, port);
            assertProbe(module, "readiness", container.getReadinessProbe(), READINESS, container, port);
            if (container.getStartupProbe() != null) {
                assertProbe(module, "startup", container.getStartupProbe(), LIVENESS, container, port);
            }

            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as("%s: Prometheus scrape annotations", module)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", METRICS)
                    .containsEntry("prometheus.io/port", Integer.toString(port));

            Service service = named(objects, Service.class, module).orElseThrow();
            assertThat(service.getSpec().getPorts()).as("%s: the Service's target port", module)
                    .isNotEmpty().allSatisfy(p -> assertThat(resolve(p.getTargetPort(), container)).isEqualTo(port));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void secretsAreOnlyReferencedNeverWritten(String kustomization) {
        List<Map<String, Object>> documents = documents(render(kustomization));
        assertThat(documents).as("Secret objects with values in %s", kustomization)
                .noneMatch(d -> "Secret".equals(d.get("kind"))
                        && (d.get("data") != null || d.get("stringData") != null));
        List<HasMetadata> objects = objects(kustomization);
        for (Deployment deployment : of(objects, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
                        assertThat(ref.getName()).as("%s: %s names its Secret", name, variable.getName()).isNotBlank();
                        assertThat(ref.getKey()).as("%s: %s names a key", name, variable.getName()).isNotBlank();
                    }
                    assertThat(variable.getName().matches(SECRET_LIKE.pattern()) && variable.getValue() != null)
                            .as("%s: %s is a secret written as a value", name, variable.getName()).isFalse();
                }
                for (EnvFromSource source : container.getEnvFrom()) {
                    if (source.getSecretRef() != null) {
                        assertThat(source.getSecretRef().getName()).as("%s: envFrom secretRef", name).isNotBlank();
                    }
                }
            }
        }
        for (ConfigMap configMap : of(objects, ConfigMap.class)) {
            assertThat(configMap.getData().keySet()).as("secrets in ConfigMap %s", configMap.getMetadata().getName())
                    .noneMatch(key -> SECRET_LIKE.matcher(key).matches());
        }
    }

    @Test
    void theExampleSecretTemplateListsExactlyTheKeysTheDeploymentsRead() throws IOException {
        Set<String> template = new TreeSet<>();
        for (String line : Files.readAllLines(Tools.repository().resolve(EXAMPLE).resolve("secrets.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                template.add(line.substring(0, line.indexOf('=')));
            }
        }
        Set<String> referenced = new TreeSet<>();
        for (Deployment deployment : of(objects(EXAMPLE), Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                container.getEnv().stream().filter(v -> v.getValueFrom() != null)
                        .map(v -> v.getValueFrom().getSecretKeyRef()).filter(Objects::nonNull)
                        .forEach(ref -> referenced.add(ref.getKey()));
            }
        }
        assertThat(template).as("the keys of %s/secrets.env.example", EXAMPLE).isEqualTo(referenced);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void podsRunAsNonRootOnAReadOnlyRootWithTheirWritableDirectoriesOnEmptyDirs(String kustomization) {
        List<HasMetadata> objects = objects(kustomization);
        for (String module : serviceModules()) {
            Deployment deployment = deployment(objects, module);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = container(deployment, module);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s: runAsNonRoot", module).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .as("%s: readOnlyRootFilesystem", module).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                    .as("%s: allowPrivilegeEscalation", module).isFalse();

            Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
                    .map(Volume::getName).collect(Collectors.toSet());
            List<String> writable = container.getVolumeMounts().stream()
                    .filter(m -> emptyDirs.contains(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly()))
                    .map(VolumeMount::getMountPath).toList();
            // The JVM's temporary directory, and every directory setting (feed-dir, streams.state-dir).
            List<String> directories = new ArrayList<>(List.of("/tmp"));
            environment(objects, deployment, module).forEach((name, value) -> {
                if (name.endsWith("_DIR")) {
                    directories.add(value.toString());
                }
            });
            for (String directory : directories) {
                assertThat(writable).as("%s: an emptyDir mounted at or above %s", module, directory)
                        .anyMatch(mount -> directory.equals(mount) || directory.startsWith(mount + "/"));
            }

            assertThat(container.getResources().getRequests()).as("%s: requests", module)
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("%s: limits", module).containsKey("memory");
            assertThat(environment(objects, deployment, module).get("JAVA_TOOL_OPTIONS")).as("%s: JVM flags", module)
                    .asString().contains("-XX:MaxRAMPercentage=");
        }
    }

    /**
     * Each Deployment's environment (its ConfigMaps, values and secret references, a secret standing for itself) is
     * bound the way the service binds it at start-up: into the service's settings record and {@code kaspi.kafka},
     * over its {@code application.yml}, then validated with the records' own constraints. Every variable must change
     * what is bound (a name under the service's prefix that binds to nothing stops the service at start-up), or be
     * one of Spring Boot's own properties, or be read by the JVM.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void everyEnvironmentVariableBindsAndTheSettingsPassValidation(String kustomization) {
        List<HasMetadata> objects = objects(kustomization);
        for (String module : serviceModules()) {
            Map<String, Object> environment = environment(objects, deployment(objects, module), module);
            settings(module, environment);
            Set<String> unbound = unboundVariables(module, environment);
            unbound.removeAll(JVM_VARIABLES);
            unbound.removeIf(name -> bootProperties().contains(name));
            assertThat(unbound).as("%s: environment variables of %s that bind to nothing", kustomization, module)
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {BASE, EXAMPLE})
    void autoscalersStayWithinThePartitionsTheServiceReads(String kustomization) {
        List<HasMetadata> objects = objects(kustomization);
        List<HorizontalPodAutoscaler> autoscalers = of(objects, HorizontalPodAutoscaler.class);
        for (HorizontalPodAutoscaler autoscaler : autoscalers) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            assertThat(target.getKind() + " " + target.getApiVersion()).isEqualTo("Deployment apps/v1");
            Deployment deployment = deployment(objects, target.getName());
            assertThat(deployment.getSpec().getReplicas())
                    .as("%s: replicas is the autoscaler's to set (an apply would reset it)", target.getName()).isNull();
            assertThat(autoscaler.getSpec().getMinReplicas()).as("%s: minReplicas", target.getName())
                    .isNotNull().isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
        }
        for (String module : serviceModules()) {
            Optional<HorizontalPodAutoscaler> autoscaler = autoscalers.stream()
                    .filter(a -> a.getSpec().getScaleTargetRef().getName().equals(module)).findFirst();
            if (EVERY_PARTITION_READERS.contains(module)) {
                assertThat(autoscaler).as("%s reads every partition on every instance: no autoscaler", module)
                        .isEmpty();
                continue;
            }
            OptionalInt partitions = partitionsRead(module, settings(module,
                    environment(objects, deployment(objects, module), module)));
            if (partitions.isPresent()) {
                assertThat(autoscaler).as("%s scales by partitions: an autoscaler", module).isPresent();
                assertThat(autoscaler.get().getSpec().getMaxReplicas())
                        .as("%s: maxReplicas, at most the %d partitions it reads", module, partitions.getAsInt())
                        .isLessThanOrEqualTo(partitions.getAsInt());
            }
        }
    }

    /** The check itself: a misspelt field, a wrong type and an unknown kind are caught. */
    @Test
    void aMisspelledFieldIsCaught() {
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          containerPorts: [{containerPort: 1}]
                          readinesProbe: {httpGet: {path: /, port: 1}}
                """;
        assertThat(schemaProblems(documents(manifest).get(0))).singleElement().asString()
                .contains("spec.template.spec.containers[0]", "containerPorts", "readinesProbe");
        assertThat(schemaProblems(documents("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec: {ports: [{port: eighty}]}
                """).get(0))).singleElement().asString().contains("cannot be read");
        assertThat(schemaProblems(documents("""
                apiVersion: autoscaling/v2beta2
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                """).get(0))).singleElement().asString().contains("autoscaling/v2");
        assertThat(schemaProblems(documents("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: x}
                """).get(0))).isNotEmpty();
    }

    // ---- rendering and the schema check

    private static String render(String kustomization) {
        Path kubectl = Tools.require("kubectl", "kubectl");
        try {
            // To a file: kubectl prints warnings on stderr, which must not end up in the YAML.
            Path out = Files.createTempFile("kustomize-", ".yaml");
            try {
                Tools.Run run = Tools.run(Tools.repository(), Duration.ofMinutes(1),
                        List.of(kubectl.toString(), "kustomize", kustomization, "--output", out.toString()));
                if (run.exitCode() != 0) {
                    fail("kubectl kustomize " + kustomization + " failed:\n" + run.output());
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static List<HasMetadata> objects(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> documents(render(k)).stream()
                .map(KubernetesManifestsTest::typed).toList());
    }

    private static HasMetadata typed(Map<String, Object> document) {
        return (HasMetadata) JSON.convertValue(document, KubernetesResource.class);
    }

    /** Why Kubernetes 1.33 would not take this object as written: nothing when it would. */
    private static List<String> schemaProblems(Map<String, Object> document) {
        String kind = String.valueOf(document.get("kind"));
        Object name = document.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : null;
        String object = kind + " " + name;
        String expectedApi = API_VERSIONS.get(kind);
        if (expectedApi == null) {
            return List.of(object + ": a kind these manifests are not meant to hold (" + API_VERSIONS.keySet() + ")");
        }
        if (!expectedApi.equals(document.get("apiVersion"))) {
            return List.of(object + ": apiVersion " + document.get("apiVersion") + ", where Kubernetes 1.33 serves "
                    + expectedApi);
        }
        HasMetadata typed;
        try {
            typed = typed(document);
        } catch (IllegalArgumentException e) {
            return List.of(object + " cannot be read as its API type: " + e.getMessage());
        }
        if (typed instanceof GenericKubernetesResource) {
            return List.of(object + ": no API type for " + document.get("apiVersion") + " " + kind);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(typed, "", unknown);
        return unknown.isEmpty() ? List.of() : List.of(object + " has fields its API type does not know: " + unknown);
    }

    /**
     * Walks the JSON properties of the model objects: fabric8 keeps any field its type does not declare in
     * {@code additionalProperties} (its any-setter), where Jackson's FAIL_ON_UNKNOWN_PROPERTIES never sees it.
     */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        Map<?, ?> additional = additionalProperties(value);
        if (!additional.isEmpty()) {
            unknown.add((path.isEmpty() ? "" : path.substring(1) + ": ") + additional.keySet());
        }
        BeanDescription description = JSON.getSerializationConfig().introspect(JSON.constructType(value.getClass()));
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && !property.getName().equals("additionalProperties")) {
                collectUnknownFields(accessor.getValue(value), path + "." + property.getName(), unknown);
            }
        }
    }

    private static Map<?, ?> additionalProperties(Object model) {
        try {
            Method getter = model.getClass().getMethod("getAdditionalProperties");
            Object additional = getter.invoke(model);
            return additional instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the rendered objects

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, String name) {
        return of(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    private static Deployment deployment(List<HasMetadata> objects, String module) {
        return named(objects, Deployment.class, module)
                .orElseThrow(() -> new AssertionError("no Deployment " + module));
    }

    private static Container container(Deployment deployment, String module) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("%s: containers", module).extracting(Container::getName).containsExactly(module);
        return containers.get(0);
    }

    private static void assertSelects(String what, Map<String, String> selector, Map<String, String> podLabels) {
        assertThat(selector).as(what).isNotEmpty();
        assertThat(podLabels).as(what + " matches the pod's labels").containsAllEntriesOf(selector);
    }

    private static void assertProbe(String module, String kind, Probe probe, String path, Container container,
            int port) {
        assertThat(probe).as("%s: %s probe", module, kind).isNotNull();
        assertThat(probe.getHttpGet()).as("%s: %s probe over HTTP", module, kind).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s: %s probe path", module, kind).isEqualTo(path);
        assertThat(resolve(probe.getHttpGet().getPort(), container)).as("%s: %s probe port", module, kind)
                .isEqualTo(port);
    }

    /** A port given by number, or by the name of one of the container's ports. */
    private static int resolve(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    /**
     * What the container's process sees: its ConfigMaps (envFrom, then env overriding them, as the kubelet does)
     * with each secret reference standing for itself, since only the name and the binding matter here.
     */
    private static Map<String, Object> environment(List<HasMetadata> objects, Deployment deployment, String module) {
        Container container = container(deployment, module);
        Map<String, Object> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                String name = source.getConfigMapRef().getName();
                ConfigMap configMap = named(objects, ConfigMap.class, name)
                        .orElseThrow(() -> new AssertionError(module + ": no ConfigMap " + name));
                environment.putAll(configMap.getData());
            } else {
                fail(module + ": envFrom other than a ConfigMap: " + source);
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), Objects.requireNonNullElse(variable.getValue(), ""));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
                environment.put(variable.getName(), "secret " + ref.getName() + "/" + ref.getKey());
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                ConfigMap configMap = named(objects, ConfigMap.class, ref.getName()).orElseThrow();
                environment.put(variable.getName(), configMap.getData().get(ref.getKey()));
            } else {
                fail(module + ": " + variable.getName() + " comes from neither a value, a ConfigMap nor a Secret");
            }
        }
        return environment;
    }

    // ---- the services, from the code and the build

    /** The modules of the root pom that run as a service: those with an application.yml. */
    private static List<String> serviceModules() {
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(read(Tools.repository().resolve("pom.xml")));
        List<String> services = new ArrayList<>();
        while (modules.find()) {
            if (Files.exists(applicationYml(modules.group(1)))) {
                services.add(modules.group(1));
            }
        }
        return services;
    }

    private static Path applicationYml(String module) {
        return Tools.repository().resolve(module).resolve("src/main/resources/application.yml");
    }

    /** The default of {@code server.port} in the module's application.yml: {@code ${SERVER_PORT:18082}}. */
    @SuppressWarnings("unchecked")
    private static int serverPort(String module) {
        Map<String, Object> yml = new Yaml().load(read(applicationYml(module)));
        Object port = ((Map<String, Object>) yml.get("server")).get("port");
        Matcher matcher = PORT_DEFAULT.matcher(String.valueOf(port));
        assertThat(matcher.matches()).as("%s: server.port is ${SERVER_PORT:<default>}, not %s", module, port).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String version() {
        Matcher version = Pattern.compile("<artifactId>kaspi-bridge</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(Tools.repository().resolve("pom.xml")));
        assertThat(version.find()).as("the project version in the root pom").isTrue();
        return version.group(1);
    }

    /**
     * How many instances of the module can get work from Kafka: the fewest partitions of the topics it reads in a
     * consumer group or as a Streams application (the catalog names its readers; the poller's own group topic has
     * the partitions its settings give), or nothing when it reads none that way.
     */
    private static OptionalInt partitionsRead(String module, List<Object> settings) {
        List<Integer> partitions = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            if (topic.readers().contains(module)) {
                partitions.add(topic.partitions());
            }
        }
        for (Object record : settings) {
            if (record instanceof OrderPollerProperties poller) {
                partitions.add(poller.kafka().partitions());
            }
        }
        return partitions.stream().mapToInt(Integer::intValue).min();
    }

    /**
     * The module's settings records ({@code kaspi.kafka} and its own) bound from this environment over its
     * application.yml, as Spring Boot binds them at start-up, and validated with their own constraints.
     */
    private static List<Object> settings(String module, Map<String, Object> variables) {
        List<Object> records = bindSettings(module, variables);
        Validator validator = VALIDATION.getValidator();
        for (Object record : records) {
            Set<ConstraintViolation<Object>> violations = validator.validate(record);
            assertThat(violations).as("%s: %s as bound from the Deployment's environment", module,
                    record.getClass().getSimpleName()).extracting(v -> v.getPropertyPath() + " " + v.getMessage())
                    .isEmpty();
        }
        return records;
    }

    /**
     * The variables that change nothing in the module's settings: each is given another value in turn, and it binds
     * when the records come out different or its new value cannot be converted. (Asking which variables the binder
     * read would not do: Spring Boot reads the environment through a cache of its own.)
     */
    private static Set<String> unboundVariables(String module, Map<String, Object> variables) {
        List<Object> bound = bindSettings(module, variables);
        Set<String> unbound = new TreeSet<>();
        for (String name : variables.keySet()) {
            Map<String, Object> changed = new LinkedHashMap<>(variables);
            changed.put(name, "changed-" + name.toLowerCase(Locale.ROOT));
            try {
                if (bindSettings(module, changed).equals(bound)) {
                    unbound.add(name);
                }
            } catch (RuntimeException cannotConvert) {
                // read, and found not to be what the setting takes
            }
        }
        return unbound;
    }

    private static List<Object> bindSettings(String module, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        // As Spring Boot sees a process's environment: a source named systemEnvironment maps ORDER_POLLER_X to
        // order-poller.x, in both of Boot's forms; application.yml below it, with its ${VARIABLE:default}s.
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
        try {
            for (PropertySource<?> yml : new YamlPropertySourceLoader().load("application.yml",
                    new FileSystemResource(applicationYml(module)))) {
                sources.addLast(yml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Binder binder = Binder.get(environment);
        List<Object> records = new ArrayList<>();
        settingsRecords().forEach((prefix, type) -> {
            if (prefix.equals(module) || prefix.equals("kaspi.kafka")) {
                records.add(binder.bindOrCreate(prefix, Bindable.of(type)));
            }
        });
        assertThat(records).as("%s: its settings record and kaspi.kafka", module).hasSize(2);
        return records;
    }

    private static Map<String, Class<?>> settingsRecords;

    /** Every {@code @ConfigurationProperties} record of the project, by prefix. */
    private static synchronized Map<String, Class<?>> settingsRecords() {
        if (settingsRecords == null) {
            ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(
                    false) {
                @Override
                protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                    return true;
                }
            };
            scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
            Map<String, Class<?>> records = new TreeMap<>();
            for (BeanDefinition candidate : scanner.findCandidateComponents("kz.kaspibridge")) {
                try {
                    Class<?> type = Class.forName(candidate.getBeanClassName());
                    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
                    records.put(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            settingsRecords = records;
        }
        return settingsRecords;
    }

    private static Set<String> bootProperties;

    /**
     * Spring Boot's own properties (from the configuration metadata of the jars), as environment variables in both
     * of Boot's forms: LOGGING_STRUCTURED_FORMAT_CONSOLE for logging.structured.format.console.
     */
    private static synchronized Set<String> bootProperties() {
        if (bootProperties == null) {
            Set<String> names = new LinkedHashSet<>();
            try {
                Enumeration<URL> metadata = KubernetesManifestsTest.class.getClassLoader()
                        .getResources("META-INF/spring-configuration-metadata.json");
                for (URL url : Collections.list(metadata)) {
                    JsonNode properties = JSON.readTree(url).path("properties");
                    for (JsonNode property : properties) {
                        String name = property.path("name").asText();
                        if (name.startsWith("spring.") || name.startsWith("management.")
                                || name.startsWith("logging.") || name.startsWith("server.")) {
                            names.add(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
                            names.add(name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bootProperties = names;
        }
        return bootProperties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
