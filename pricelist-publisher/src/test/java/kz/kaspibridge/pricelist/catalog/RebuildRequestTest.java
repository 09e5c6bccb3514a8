package kz.kaspibridge.pricelist.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebuildRequestTest {

    private static final Optional<MerchantId> M1 = Optional.of(new MerchantId("m1"));

    @Test
    void aWellFormedRequestForAMerchantOfTheCatalogIsAccepted() {
        assertThat(RebuildRequest.judge(M1, true, true)).isEqualTo(RebuildRequest.Outcome.ACCEPTED);
    }

    @Test
    void aMerchantTheCatalogDoesNotHoldIsRefused() {
        assertThat(RebuildRequest.judge(M1, true, false)).isEqualTo(RebuildRequest.Outcome.UNKNOWN_MERCHANT);
    }

    @Test
    void aRequestWithoutAMerchantOrNotARequestAtAllIsMalformed() {
        assertThat(RebuildRequest.judge(Optional.empty(), true, false)).isEqualTo(RebuildRequest.Outcome.MALFORMED);
        assertThat(RebuildRequest.judge(M1, false, true)).isEqualTo(RebuildRequest.Outcome.MALFORMED);
        assertThat(RebuildRequest.Outcome.UNKNOWN_MERCHANT.tag()).isEqualTo("unknown_merchant");
    }
}
