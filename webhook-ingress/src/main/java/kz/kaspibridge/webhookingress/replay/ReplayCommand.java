package kz.kaspibridge.webhookingress.replay;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.webhooks.WebhookReceived;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar webhook-ingress-exec.jar replay --from=2024-06-12T00:00:00Z [--to=...]
 * [--event-id=wh_1,wh_2] [--dry-run]}: replays the archive with the service's own configuration.
 */
@Component
@Profile(ReplayCommand.PROFILE)
public class ReplayCommand implements ApplicationRunner, ExitCodeGenerator {

    public static final String NAME = "replay";
    public static final String PROFILE = "replay";

    private final KafkaClientConfig client;
    private final Producer<String, Object> webhookProducer;
    private final List<MerchantEndpoint> merchants;
    private int exitCode = 1;

    ReplayCommand(KafkaClientConfig client, Producer<String, Object> webhookProducer, List<MerchantEndpoint> merchants) {
        this.client = client;
        this.webhookProducer = webhookProducer;
        this.merchants = merchants;
    }

    @Override
    public void run(ApplicationArguments args) {
        ArchiveReplay.Selection selection = selection(args);
        // Assigned partitions, nothing committed.
        Map<String, Object> props = client.assignedReaderProperties("webhook-ingress-replay");
        try (KafkaConsumer<String, WebhookReceived> archive = new KafkaConsumer<>(props)) {
            ArchiveReplay.Result result = new ArchiveReplay(archive, webhookProducer, merchants).replay(selection);
            System.out.printf("replay read=%d replayed=%d badSignature=%d skipped=%d dryRun=%s%n", result.read(),
                    result.replayed(), result.badSignature(), result.skipped(), selection.dryRun());
            exitCode = result.badSignature() == 0 ? 0 : 2;
        }
    }

    static ArchiveReplay.Selection selection(ApplicationArguments args) {
        Instant from = Instant.parse(single(args, "from", "1970-01-01T00:00:00Z"));
        Instant to = Instant.parse(single(args, "to", "9999-12-31T23:59:59Z"));
        Set<String> eventIds = args.containsOption("event-id")
                ? args.getOptionValues("event-id").stream().flatMap(v -> Arrays.stream(v.split(",")))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet())
                : Set.of();
        return new ArchiveReplay.Selection(from, to, eventIds, args.containsOption("dry-run"));
    }

    private static String single(ApplicationArguments args, String name, String fallback) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
