package kz.kaspibridge.sandbox.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deliveries by id, and the first answer given for each {@code Idempotency-Key}: reusing a key
 * returns that original payload and creates nothing, as the Delivery API documents.
 */
public final class DeliveryBook {

    /** The outcome of a create call: the delivery and whether it already existed for the key. */
    public record Booking(DeliverySnapshot delivery, boolean replayed) {
    }

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final Clock clock;
    private final Duration stepInterval;
    private final SplittableRandom random;
    private final Map<String, SandboxDelivery> byId = new ConcurrentHashMap<>();
    private final Map<String, DeliverySnapshot> firstAnswerByKey = new ConcurrentHashMap<>();

    public DeliveryBook(Clock clock, Duration stepInterval, long seed) {
        this.clock = clock;
        this.stepInterval = stepInterval;
        this.random = new SplittableRandom(seed);
    }

    public Booking book(String idempotencyKey, String externalOrderId) {
        if (idempotencyKey == null) {
            return new Booking(create(null, externalOrderId), false);
        }
        boolean[] created = {false};
        DeliverySnapshot first = firstAnswerByKey.computeIfAbsent(idempotencyKey, key -> {
            created[0] = true;
            return create(key, externalOrderId);
        });
        return new Booking(first, !created[0]);
    }

    public Optional<DeliverySnapshot> find(String deliveryId) {
        return Optional.ofNullable(byId.get(deliveryId)).map(SandboxDelivery::snapshot);
    }

    Optional<DeliverySnapshot> advance(String deliveryId) {
        return Optional.ofNullable(byId.get(deliveryId)).flatMap(delivery -> delivery.advance(clock.instant()));
    }

    /** Empty when unknown; otherwise whether the cancel was accepted (false once in transit). */
    Optional<Boolean> cancel(String deliveryId, String idempotencyKey) {
        return Optional.ofNullable(byId.get(deliveryId))
                .map(delivery -> delivery.cancel(clock.instant(), idempotencyKey));
    }

    public int size() {
        return byId.size();
    }

    public void clear() {
        byId.clear();
        firstAnswerByKey.clear();
    }

    Duration stepInterval() {
        return stepInterval;
    }

    private DeliverySnapshot create(String idempotencyKey, String externalOrderId) {
        Instant now = clock.instant();
        String id = "dlv_" + randomId();
        SandboxDelivery delivery = new SandboxDelivery(new DeliverySnapshot(id, externalOrderId, idempotencyKey,
                DeliveryStatus.CREATED, "https://track.kaspi.kz/" + id, now.plus(stepInterval.multipliedBy(2)),
                now.plus(stepInterval.multipliedBy(4)), now, now, null));
        byId.put(id, delivery);
        return delivery.snapshot();
    }

    private String randomId() {
        StringBuilder id = new StringBuilder(14);
        synchronized (random) {
            for (int i = 0; i < 14; i++) {
                id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
        }
        return id.toString();
    }
}
