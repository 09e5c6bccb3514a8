package kz.kaspibridge.ordercommand;

import static kz.kaspibridge.testsupport.LocalProfile.demoMerchants;
import static kz.kaspibridge.testsupport.LocalProfile.tokenVariable;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.ordercommand.config.OrderCommandProperties;
import kz.kaspibridge.ordercommand.config.OrderCommandProperties.Merchant;
import kz.kaspibridge.ordercommand.policy.AcceptancePolicy;
import kz.kaspibridge.ordercommand.policy.WhenShort;
import kz.kaspibridge.testsupport.LocalProfile;
import org.junit.jupiter.api.Test;

/**
 * The {@code local} profile ./run-local starts this service with ({@code application-local.yml}) and the demo the
 * launcher seeds ({@code deploy/local/demo.env}) agree: one policy per demo merchant, every key bound, and each token
 * from the variable the launcher generates for the poller and the sandbox too.
 */
class LocalDemoSettingsTest {

    @Test
    void theLocalProfileGivesEachDemoMerchantOnePolicyAutoStockAndManual() {
        OrderCommandProperties settings = localProfile(Map.of());

        assertThat(settings.merchants()).extracting(Merchant::id).containsExactlyElementsOf(demoMerchants());
        assertThat(settings.merchants()).extracting(Merchant::policy)
                .containsExactly(AcceptancePolicy.AUTO, AcceptancePolicy.STOCK, AcceptancePolicy.MANUAL);
        assertThat(settings.kaspi().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:18090/shop/api/v2"));
    }

    @Test
    void theAutoMerchantBooksItsOwnDeliveries() {
        Merchant auto = localProfile(Map.of()).merchants().get(0);

        assertThat(auto.pickup()).isNotNull();
        assertThat(auto.pickup().address()).isNotBlank();
    }

    @Test
    void demoOrdersWaitForAHumanRatherThanBeingCancelled() {
        List<Merchant> merchants = localProfile(Map.of()).merchants();

        // Nothing reports stock at start: STOCK orders wait for a report or a command, the demo keeps them.
        assertThat(merchants.get(1).whenShort()).isEqualTo(WhenShort.HOLD);
        // Held long enough to try a command by hand, and only reported when overdue.
        assertThat(merchants.get(2).manualDeadline()).isBetween(Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(merchants.get(2).cancelWhenOverdue()).isNull();
    }

    @Test
    void eachMerchantsTokenComesFromTheVariableTheLauncherGenerates() {
        Map<String, Object> environment = new LinkedHashMap<>();
        demoMerchants().forEach(id -> environment.put(tokenVariable(id), "fake-token-of-" + id));

        OrderCommandProperties settings = localProfile(environment);

        assertThat(settings.merchants()).allSatisfy(merchant -> {
            assertThat(merchant.isTokenSourceUnique()).isTrue();
            assertThat(merchant.resolveToken()).isEqualTo("fake-token-of-" + merchant.id());
            assertThat(merchant.toString()).doesNotContain(merchant.resolveToken());
        });
    }

    /** Binds the {@code local} profile strictly: a key in the profile that binds to nothing fails. */
    private static OrderCommandProperties localProfile(Map<String, Object> environment) {
        return LocalProfile.bind("order-command-service", OrderCommandProperties.class, environment);
    }
}
