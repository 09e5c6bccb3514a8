package kz.kaspibridge.deploy.live;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each service's settings as {@code ./run-local} gives them (its {@code module_env}; the rest is each service's
 * {@code application.yml}), for a stack whose Kaspi is a sandbox: the same wiring whether the services run in this
 * JVM ({@link WholeStack}) or as processes (the resilience run). Each merchant has the policy its name stands for
 * ({@link WholeStack#AUTO_MERCHANT}, {@link WholeStack#STOCK_MERCHANT}, {@link WholeStack#STOCK_CANCEL_MERCHANT},
 * {@link WholeStack#MANUAL_MERCHANT}); the AUTO one delivers some orders itself, so it is delivery-gateway's and
 * webhook-ingress's merchant.
 *
 * @param kaspiMerchants the merchants the sandbox knows, polled and with a price list, in this order
 * @param kaspiTimeout   a shorter wait for each Kaspi call than the services' own, or empty
 * @param testIntervals  intervals shorter than the shipped ones where a test would otherwise wait (polls every
 *                       second, status sync every 2 s, reconciliation after a minute); false for a benchmark, which
 *                       measures the services as shipped
 */
public record StackSettings(Secrets secrets, String shopApiUrl, String deliveryApiUrl, List<String> kaspiMerchants,
                            Optional<Duration> kaspiTimeout, boolean testIntervals) {

    public static final String WEBHOOK_PATH = "/webhooks/kaspi/delivery";

    /** webhook-ingress: the AUTO merchant's webhooks, signed with the sandbox's secret (needs no Kaspi URL). */
    public static Map<String, String> ingress(Secrets secrets) {
        return Map.of(
                "webhook-ingress.merchants[0].merchant-id", WholeStack.AUTO_MERCHANT,
                "webhook-ingress.merchants[0].path", WEBHOOK_PATH,
                "webhook-ingress.merchants[0].secrets", secrets.webhookSecret());
    }

    public Map<String, String> poller() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("order-poller.kaspi.base-url", shopApiUrl);
        kaspiTimeout.ifPresent(timeout -> settings.put("order-poller.kaspi.timeout", timeout.toSeconds() + "s"));
        settings.put("order-poller.kafka.partitions", "3");
        for (int i = 0; i < kaspiMerchants.size(); i++) {
            String prefix = "order-poller.merchants[" + i + "].";
            settings.put(prefix + "id", kaspiMerchants.get(i));
            settings.put(prefix + "token", secrets.token(kaspiMerchants.get(i)));
            if (testIntervals) {
                settings.put(prefix + "poll-interval", "1s");
                settings.put(prefix + "status-sync-interval", "2s");
                settings.put(prefix + "first-start-lookback", "3d");
            }
        }
        return settings;
    }

    /** order-command-service for the sandbox's merchants and {@code commandOnly} ones (MANUAL: none in Kaspi). */
    public Map<String, String> commands(String stateDir, List<String> commandOnly) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("order-command-service.kaspi.base-url", shopApiUrl);
        kaspiTimeout.ifPresent(timeout -> settings.put("order-command-service.kaspi.timeout",
                timeout.toSeconds() + "s"));
        settings.put("order-command-service.streams.state-dir", stateDir);
        if (testIntervals) {
            settings.put("order-command-service.streams.deadline-check", "10s");
        }
        List<String> merchants = new ArrayList<>(kaspiMerchants);
        merchants.addAll(commandOnly);
        for (int i = 0; i < merchants.size(); i++) {
            String merchant = merchants.get(i);
            String prefix = "order-command-service.merchants[" + i + "].";
            settings.put(prefix + "id", merchant);
            settings.put(prefix + "token", secrets.token(merchant));
            switch (merchant) {
                case WholeStack.AUTO_MERCHANT -> {
                    settings.put(prefix + "policy", "AUTO");
                    settings.put(prefix + "default-store", WholeStack.STORE);
                    settings.put(prefix + "pickup.address", "Almaty, Abay avenue 1 (demo warehouse)");
                    settings.put(prefix + "pickup.contact-name", "Demo warehouse");
                    settings.put(prefix + "pickup.contact-phone", "+77000000001");
                }
                case WholeStack.STOCK_MERCHANT -> {
                    settings.put(prefix + "policy", "STOCK");
                    settings.put(prefix + "when-short", "HOLD");
                    settings.put(prefix + "manual-deadline", "15m");
                }
                case WholeStack.STOCK_CANCEL_MERCHANT -> {
                    settings.put(prefix + "policy", "STOCK");
                    settings.put(prefix + "when-short", "CANCEL");
                }
                case WholeStack.MANUAL_MERCHANT -> settings.put(prefix + "policy", "MANUAL");
                default -> throw new IllegalArgumentException("no policy for merchant " + merchant);
            }
        }
        return settings;
    }

    public Map<String, String> gateway(String stateDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("delivery-gateway.kaspi.base-url", deliveryApiUrl);
        kaspiTimeout.ifPresent(timeout -> settings.put("delivery-gateway.kaspi.timeout", timeout.toSeconds() + "s"));
        settings.put("delivery-gateway.merchants[0].id", WholeStack.AUTO_MERCHANT);
        settings.put("delivery-gateway.merchants[0].api-key", secrets.deliveryApiKey());
        if (testIntervals) {
            settings.put("delivery-gateway.reconciliation.after", "1m");
        }
        settings.put("delivery-gateway.streams.state-dir", stateDir);
        return settings;
    }

    /** A price list per sandbox merchant; the STOCK merchant's behind Basic auth, as run-local's merchant-3. */
    public Map<String, String> publisher(String feedDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pricelist-publisher.feed-dir", feedDir);
        for (int i = 0; i < kaspiMerchants.size(); i++) {
            String merchant = kaspiMerchants.get(i);
            String prefix = "pricelist-publisher.merchants[" + i + "].";
            settings.put(prefix + "id", merchant);
            settings.put(prefix + "company", switch (merchant) {
                case WholeStack.AUTO_MERCHANT -> "Alma Electronics";
                case WholeStack.STOCK_MERCHANT -> "Astana Home & Garden";
                default -> "Shymkent Sports " + merchant;
            });
            if (merchant.equals(WholeStack.STOCK_MERCHANT)) {
                settings.put(prefix + "username", WholeStack.FEED_USER);
                settings.put(prefix + "password", secrets.feedPassword());
            }
        }
        return settings;
    }

    /** What run-local generates into .local/secrets.env, generated the same way for each stack. */
    public record Secrets(Map<String, String> tokens, String webhookSecret, String deliveryApiKey,
                          String feedPassword) {

        private static final SecureRandom RANDOM = new SecureRandom();

        /** A Shop API token for each merchant, and the stack's other secrets. */
        public static Secrets generate(List<String> merchants) {
            Map<String, String> tokens = new LinkedHashMap<>();
            merchants.forEach(merchant -> tokens.put(merchant, "local-" + random(18)));
            return new Secrets(Map.copyOf(tokens), "whsec_" + Base64.getEncoder().encodeToString(bytes(32)),
                    "local-" + random(12), "local-" + random(18));
        }

        public String token(String merchant) {
            String token = tokens.get(merchant);
            if (token == null) {
                throw new IllegalArgumentException("no merchant " + merchant);
            }
            return token;
        }

        private static String random(int bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
        }

        private static byte[] bytes(int count) {
            byte[] bytes = new byte[count];
            RANDOM.nextBytes(bytes);
            return bytes;
        }

        @Override
        public String toString() {
            return "Secrets[***]";
        }
    }
}
