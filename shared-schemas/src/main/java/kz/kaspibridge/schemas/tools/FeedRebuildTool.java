package kz.kaspibridge.schemas.tools;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import kz.kaspibridge.schemas.ops.OperatorRequests;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;

/**
 * {@code kaspi-ops rebuild-feed}: asks every pricelist-publisher instance to rebuild one merchant's price list now.
 * The tool only writes the request; which merchants exist is the publisher's configuration, so an unknown one is
 * refused there (logged and counted), not here.
 */
final class FeedRebuildTool {

    private final KafkaClientConfig kafka;
    private final Duration timeout;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    FeedRebuildTool(KafkaClientConfig kafka, Duration timeout, Clock clock, PrintStream out, PrintStream err) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int request(String merchantId) {
        String topic = Topics.PRICELIST_REBUILD_REQUESTS;
        OperatorRequestWriter writer = new OperatorRequestWriter(kafka, timeout);
        if (!writer.exists(topic)) {
            err.printf("no topic %s: the running pricelist-publisher predates rebuild requests%n", topic);
            return KaspiOps.NOT_DONE;
        }
        writer.write(topic, merchantId, new OperatorRequests.FeedRebuild(clock.instant()).toJson());
        out.printf("rebuild requested merchantId=%s%n", merchantId);
        out.println("every running instance rebuilds it within a second or two: watch for 'feed rebuild requested'"
                + " in their logs and kaspi_pricelist_rebuild_requests_total{outcome=\"accepted\"}");
        return KaspiOps.OK;
    }
}
