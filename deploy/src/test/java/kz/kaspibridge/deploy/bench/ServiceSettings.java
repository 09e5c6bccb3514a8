package kz.kaspibridge.deploy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.sandbox.KaspiSandbox;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;

/**
 * Each service's command-line settings for one AUTO merchant against this JVM's broker, registry and sandbox, as
 * {@code deploy/live/WholeStack} wires them in one JVM (there: two merchants and shorter intervals for its checks;
 * here: the shipped intervals, one merchant). Everything else is the service's own {@code application.yml}.
 */
final class ServiceSettings {

    static final String WEBHOOK_INGRESS = "webhook-ingress";
    static final String ORDER_POLLER = "order-poller";
    static final String ORDER_COMMAND_SERVICE = "order-command-service";
    static final String DELIVERY_GATEWAY = "delivery-gateway";
    static final String PRICELIST_PUBLISHER = "pricelist-publisher";

    private final KafkaClientConfig kafka;
    private final StackSecrets secrets;
    private final KaspiSandbox sandbox;
    private final Path state;

    ServiceSettings(KafkaClientConfig kafka, StackSecrets secrets, KaspiSandbox sandbox, Path work) {
        this.kafka = kafka;
        this.secrets = secrets;
        this.sandbox = sandbox;
        this.state = work.resolve("state-" + System.currentTimeMillis());
    }

    /** Every service in start order (the ingress first: the sandbox already sends it webhooks), its arguments. */
    Map<String, List<String>> all(int ingressPort) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put(WEBHOOK_INGRESS, arguments(Map.of(
                "webhook-ingress.merchants[0].merchant-id", ServiceFootprintBenchmark.MERCHANT,
                "webhook-ingress.merchants[0].path", ServiceFootprintBenchmark.WEBHOOK_PATH,
                "webhook-ingress.merchants[0].secrets", secrets.webhookSecret())));
        all.put(ORDER_POLLER, arguments(Map.of(
                "order-poller.kaspi.base-url", sandbox.shopApiUrl(),
                "order-poller.merchants[0].id", ServiceFootprintBenchmark.MERCHANT,
                "order-poller.merchants[0].token", secrets.token(),
                "order-poller.merchants[0].first-start-lookback", "1d")));
        Map<String, String> command = new LinkedHashMap<>();
        command.put("order-command-service.kaspi.base-url", sandbox.shopApiUrl());
        command.put("order-command-service.streams.state-dir", state.resolve(ORDER_COMMAND_SERVICE).toString());
        command.put("order-command-service.merchants[0].id", ServiceFootprintBenchmark.MERCHANT);
        command.put("order-command-service.merchants[0].token", secrets.token());
        command.put("order-command-service.merchants[0].policy", "AUTO");
        command.put("order-command-service.merchants[0].default-store", ServiceFootprintBenchmark.STORE);
        command.put("order-command-service.merchants[0].pickup.address", "Almaty, Abay avenue 1 (bench warehouse)");
        command.put("order-command-service.merchants[0].pickup.contact-name", "Bench warehouse");
        command.put("order-command-service.merchants[0].pickup.contact-phone", "+77000000001");
        all.put(ORDER_COMMAND_SERVICE, arguments(command));
        all.put(DELIVERY_GATEWAY, arguments(Map.of(
                "delivery-gateway.kaspi.base-url", sandbox.deliveryApiUrl(),
                "delivery-gateway.merchants[0].id", ServiceFootprintBenchmark.MERCHANT,
                "delivery-gateway.merchants[0].api-key", secrets.deliveryApiKey(),
                "delivery-gateway.streams.state-dir", state.resolve(DELIVERY_GATEWAY).toString())));
        all.put(PRICELIST_PUBLISHER, arguments(Map.of(
                "pricelist-publisher.feed-dir", state.resolve("pricelist-feeds").toString(),
                "pricelist-publisher.merchants[0].id", ServiceFootprintBenchmark.MERCHANT,
                "pricelist-publisher.merchants[0].company", "Bench Electronics")));
        return all;
    }

    /** The broker and the registry of this JVM, replication factor 1, then the service's own settings. */
    private List<String> arguments(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kaspi.kafka.bootstrap-servers", kafka.bootstrapServers());
        all.put("kaspi.kafka.registry-url", kafka.registryUrl());
        all.put("kaspi.kafka.replication-factor", "1");
        all.putAll(settings);
        List<String> arguments = new ArrayList<>();
        all.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }
}
