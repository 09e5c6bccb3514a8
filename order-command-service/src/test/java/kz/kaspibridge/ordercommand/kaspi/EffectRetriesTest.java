package kz.kaspibridge.ordercommand.kaspi;

import static org.assertj.core.api.Assertions.assertThat;

import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.ordercommand.effects.EffectBatch;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.ExponentialBackOff;

class EffectRetriesTest {

    private static EffectRetries retries() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(300);
        backOff.setMaxElapsedTime(600);
        return new EffectRetries(backOff);
    }

    @Test
    void retryableFailuresBackOffExponentiallyPerIntentThenGoToTheDeadLetterTopic() {
        EffectRetries retries = retries();
        RuntimeException kaspiDown = new IllegalStateException("503");

        assertThat(retries.<String>failed(0, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 100));
        assertThat(retries.<String>failed(1, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 100));
        assertThat(retries.<String>failed(0, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 200));
        assertThat(retries.<String>failed(0, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 300));
        assertThat(retries.<String>failed(0, 5, kaspiDown)).isEqualTo(new EffectBatch.Dead<>(kaspiDown));
        // spent: dead again at once until committed
        assertThat(retries.<String>failed(0, 5, kaspiDown)).isInstanceOf(EffectBatch.Dead.class);

        retries.committed(0, 6);
        assertThat(retries.<String>failed(0, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 100));
        retries.forget(1);
        assertThat(retries.<String>failed(1, 5, kaspiDown)).isEqualTo(new EffectBatch.Failed<>(kaspiDown, 100));
    }

    @Test
    void unreadableIntentsAndUnknownMerchantsAreDeadAtOnce() {
        EffectRetries retries = retries();
        IllegalArgumentException unknownMerchant = new IllegalArgumentException("no Kaspi token");
        RuntimeException wrapped = new RuntimeException(new tools.jackson.core.exc.StreamReadException(null, "bad"));

        assertThat(retries.<String>failed(0, 1, unknownMerchant)).isEqualTo(new EffectBatch.Dead<>(unknownMerchant));
        assertThat(retries.<String>failed(0, 2, wrapped)).isEqualTo(new EffectBatch.Dead<>(wrapped));
        assertThat(EffectRetries.retryable(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void aMalformedAnswerFromKaspiIsRetriedThoughItsCauseIsAParserError() {
        EffectRetries retries = retries();
        RuntimeException malformed = new KaspiApiException.MalformedResponse("orders.get", "UnexpectedEndOfInput",
                new tools.jackson.core.exc.StreamReadException(null, "unexpected end of input"));

        assertThat(retries.<String>failed(0, 1, malformed)).isEqualTo(new EffectBatch.Failed<>(malformed, 100));
        assertThat(retries.<String>failed(0, 2, new RuntimeException(malformed)))
                .isInstanceOf(EffectBatch.Failed.class);
    }
}
