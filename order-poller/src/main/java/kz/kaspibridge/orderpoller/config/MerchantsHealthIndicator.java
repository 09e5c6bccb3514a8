package kz.kaspibridge.orderpoller.config;

import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.orderpoller.merchants.MerchantHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health/merchants}: one entry per merchant this instance polls. A merchant whose
 * token Kaspi rejects makes it DEGRADED, not DOWN: the other merchants are fine, and restarting the
 * pod would not fix a token.
 */
final class MerchantsHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a merchant's token is rejected by Kaspi");

    private final MerchantHealth merchants;

    MerchantsHealthIndicator(MerchantHealth merchants) {
        this.merchants = merchants;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean degraded = false;
        for (Map.Entry<String, MerchantHealth.Standing> entry : merchants.snapshot().entrySet()) {
            MerchantHealth.Standing s = entry.getValue();
            Map<String, Object> merchant = new LinkedHashMap<>();
            merchant.put("condition", s.condition().name());
            merchant.put("since", s.since().toString());
            merchant.put("lastSuccess", s.lastSuccess() == null ? "never" : s.lastSuccess().toString());
            merchant.put("consecutiveFailures", s.consecutiveFailures());
            if (s.lastError() != null) {
                merchant.put("lastError", s.lastError());
            }
            details.put(entry.getKey(), merchant);
            degraded |= s.condition() == MerchantHealth.Condition.UNAUTHORIZED;
        }
        return Health.status(degraded ? DEGRADED : Status.UP).withDetails(details).build();
    }
}
