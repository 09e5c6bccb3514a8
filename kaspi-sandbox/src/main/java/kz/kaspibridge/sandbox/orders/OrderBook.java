package kz.kaspibridge.sandbox.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * Every merchant's orders, in memory. Orders are indexed by creation date per merchant, because
 * every list call Kaspi allows is a creation-date window; 100k orders seed and list quickly.
 */
public final class OrderBook {

    private record CreationKey(long creationMillis, String id) implements Comparable<CreationKey> {
        @Override
        public int compareTo(CreationKey other) {
            int byDate = Long.compare(creationMillis, other.creationMillis);
            return byDate != 0 ? byDate : id.compareTo(other.id);
        }
    }

    private final Clock clock;
    private final long randomSeed;
    private volatile OrderGenerator generator;
    private final Map<String, SandboxOrder> byId = new ConcurrentHashMap<>();
    private final Map<String, SandboxOrder> byCode = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<CreationKey, SandboxOrder>> byMerchant = new ConcurrentHashMap<>();

    public OrderBook(Clock clock, long randomSeed) {
        this.clock = clock;
        this.randomSeed = randomSeed;
        this.generator = new OrderGenerator(randomSeed);
    }

    /** The skus a generated order's entries are drawn from, so a test can report stock before it seeds. */
    public static List<String> generatedSkus() {
        return OrderGenerator.skus();
    }

    /** The points of service a generated order of the merchant is picked from, which its entries draw on. */
    public static List<String> pickupPoints(String merchantId) {
        return OrderGenerator.pickupPoints(merchantId);
    }

    public OrderSnapshot seed(OrderSeed seed) {
        if (seed.merchantId() == null) {
            throw new IllegalArgumentException("merchantId is required");
        }
        if (seed.code() != null && byCode.containsKey(seed.code())) {
            throw new IllegalArgumentException("an order with this code exists already");
        }
        SandboxOrder order = new SandboxOrder(generator.generate(seed, clock.instant()));
        byId.put(order.id(), order);
        byCode.put(order.code(), order);
        byMerchant.computeIfAbsent(order.merchantId(), m -> new ConcurrentSkipListMap<>())
                .put(new CreationKey(order.creationDate().toEpochMilli(), order.id()), order);
        return order.snapshot();
    }

    /** Spreads {@code count} orders evenly over the range, round-robin over the merchants given. */
    public int seed(BulkSeed bulk, List<String> merchantIds) {
        List<String> merchants = bulk.merchantId() != null ? List.of(bulk.merchantId()) : merchantIds;
        long span = Duration.between(bulk.from(), bulk.to()).toMillis();
        for (int i = 0; i < bulk.count(); i++) {
            long offset = bulk.count() == 1 ? 0 : span * i / (bulk.count() - 1);
            seed(OrderSeed.forMerchant(merchants.get(i % merchants.size()))
                    .withStatus(bulk.status())
                    .createdAt(bulk.from().plusMillis(offset)));
        }
        return bulk.count();
    }

    public Optional<SandboxOrder> find(String merchantId, String id) {
        return Optional.ofNullable(byId.get(id)).filter(order -> order.merchantId().equals(merchantId));
    }

    public Optional<SandboxOrder> findByCode(String merchantId, String code) {
        return findByCode(code).filter(order -> order.merchantId().equals(merchantId));
    }

    /** Any merchant's order: for the admin API. */
    public Optional<SandboxOrder> findByCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** Oldest first, so pages stay stable while new orders arrive. Page numbers start at 0. */
    public OrderPage list(String merchantId, OrderFilter filter, int page, int size) {
        ConcurrentNavigableMap<CreationKey, SandboxOrder> orders = byMerchant.get(merchantId);
        if (orders == null) {
            return new OrderPage(List.of(), 0, 0);
        }
        List<SandboxOrder> matching = orders
                .subMap(new CreationKey(filter.from().toEpochMilli(), ""), true,
                        new CreationKey(filter.to().toEpochMilli(), "\uffff"), true)
                .values().stream()
                .filter(filter::matches)
                .collect(Collectors.toList());
        int pageCount = (matching.size() + size - 1) / size;
        List<OrderSnapshot> slice = matching.stream()
                .skip((long) page * size)
                .limit(size)
                .map(SandboxOrder::snapshot)
                .collect(Collectors.toList());
        return new OrderPage(slice, pageCount, matching.size());
    }

    public int size() {
        return byId.size();
    }

    public void clear() {
        byId.clear();
        byCode.clear();
        byMerchant.clear();
        generator = new OrderGenerator(randomSeed);
    }

    /** The moment list calls are measured against when {@code $le} is absent. */
    public Instant now() {
        return clock.instant();
    }
}
