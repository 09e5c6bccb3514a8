package kz.kaspibridge.sandbox.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic, generated orders: Cyrillic names and Almaty addresses, every delivery mode, Kaspi
 * Delivery blocks. Nothing here is a real person. Seeded, so a run can be repeated exactly.
 */
final class OrderGenerator {

    private static final String[] FIRST_NAMES = {"Айгерим", "Данияр", "Асель", "Ерлан", "Мадина", "Нурлан",
        "Алия", "Тимур", "Жанар", "Бауыржан", "Дана", "Арман"};
    private static final String[] LAST_NAMES = {"Ахметов", "Нурланова", "Сапаров", "Жумабаева", "Касымов",
        "Омарова", "Искаков", "Бекова", "Сулейменов", "Абдрахманова"};
    private static final String[] STREETS = {"улица Абая", "проспект Достык", "улица Толе би",
        "проспект Аль-Фараби", "улица Сатпаева", "улица Жибек Жолы", "проспект Абылай хана",
        "улица Наурызбай батыра", "улица Розыбакиева", "микрорайон Самал-2"};
    private static final String[] DISTRICTS = {"Алмалинский район", "Бостандыкский район", "Медеуский район",
        "Ауэзовский район", "Наурызбайский район"};

    private record Offer(String sku, String name, String categoryCode, String categoryTitle, long price,
                         double weightKg) {
    }

    private static final Offer[] OFFERS = {
        new Offer("SGA54128BLK", "Смартфон Samsung Galaxy A54 128Gb черный", "Smartphones", "Смартфоны", 159990, 0.41),
        new Offer("TEFKO150", "Электрочайник Tefal KO150F30 белый", "Kettles", "Электрочайники", 12990, 1.1),
        new Offer("DYSONV11", "Пылесос Dyson V11 Absolute", "Vacuums", "Пылесосы", 329990, 6.7),
        new Offer("NKAM90W42", "Кроссовки Nike Air Max 90 белый 42", "Sneakers", "Кроссовки", 54990, 1.2),
        new Offer("APPAIRPRO2", "Наушники Apple AirPods Pro 2", "Headphones", "Наушники", 119990, 0.25),
        new Offer("ABAIJOLY", "Книга «Абай жолы», М. Ауэзов", "Books", "Книги", 6490, 0.9),
        new Offer("JOIEI360", "Автокресло Joie i-Spin 360 серый", "CarSeats", "Автокресла", 149990, 14.5),
        new Offer("PHDST7040", "Утюг Philips DST7040/80", "Irons", "Утюги", 34990, 1.5)};

    private final SplittableRandom random;
    private final AtomicLong sequence = new AtomicLong(610_000_000L);

    OrderGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    synchronized OrderSnapshot generate(OrderSeed seed, Instant now) {
        long number = sequence.incrementAndGet();
        String code = seed.code() != null ? seed.code() : Long.toString(number);
        String id = Base64.getEncoder().encodeToString(("order-" + number).getBytes(StandardCharsets.UTF_8));
        DeliveryMode mode = seed.deliveryMode() != null ? seed.deliveryMode()
                : DeliveryMode.values()[random.nextInt(DeliveryMode.values().length)];
        boolean byKaspi = seed.kaspiDelivery() != null ? seed.kaspiDelivery() : defaultKaspiDelivery(mode);
        Instant created = seed.creationDate() != null ? seed.creationDate() : now;
        OrderStatus status = seed.status() != null ? seed.status() : OrderStatus.APPROVED_BY_BANK;
        List<String> pickupPoints = pickupPoints(seed.merchantId());
        String pickupPoint = pickupPoints.get(random.nextInt(pickupPoints.size()));
        List<OrderEntry> entries = entries(id, seed.entries() != null ? seed.entries() : 1 + random.nextInt(3),
                pickupPoint);
        long deliveryCost = mode == DeliveryMode.DELIVERY_PICKUP && !byKaspi ? 0 : 500L * (1 + random.nextInt(4));
        long total = entries.stream().mapToLong(OrderEntry::totalPrice).sum();
        boolean credit = random.nextInt(3) == 0;
        return new OrderSnapshot(id, code, seed.merchantId(), status, OrderState.of(status, mode, byKaspi),
                created, created.plusSeconds(30 + random.nextInt(300)),
                created.plus(Duration.ofDays(1 + random.nextInt(5))), total, deliveryCost,
                byKaspi ? deliveryCost : 0, credit ? "PAY_WITH_CREDIT" : "PREPAID", mode, byKaspi, null, null,
                credit && random.nextBoolean(), random.nextInt(20) == 0, credit ? 3 * (1 + random.nextInt(4)) : 0,
                pickupPoint, address(), customer(number), entries, null, null, null);
    }

    /** The skus generated entries are drawn from. */
    static List<String> skus() {
        return Arrays.stream(OFFERS).map(Offer::sku).toList();
    }

    /** The merchant's points of service a generated order is picked from (and its entries draw on). */
    static List<String> pickupPoints(String merchantId) {
        return List.of(merchantId + "_PP1", merchantId + "_PP2", merchantId + "_PP3");
    }

    private static boolean defaultKaspiDelivery(DeliveryMode mode) {
        return mode == DeliveryMode.DELIVERY_REGIONAL_TODOOR || mode == DeliveryMode.DELIVERY_LOCAL;
    }

    private List<OrderEntry> entries(String orderId, int count, String pickupPoint) {
        List<OrderEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Offer offer = OFFERS[random.nextInt(OFFERS.length)];
            entries.add(new OrderEntry(orderId + "-" + i, 1 + random.nextInt(2), offer.price(), offer.sku(),
                    offer.name(), offer.weightKg(), offer.categoryCode(), offer.categoryTitle(), pickupPoint));
        }
        return List.copyOf(entries);
    }

    private Address address() {
        String street = STREETS[random.nextInt(STREETS.length)];
        String house = (1 + random.nextInt(250)) + (random.nextInt(5) == 0 ? "А" : "");
        return new Address(street, house, "Алматы", DISTRICTS[random.nextInt(DISTRICTS.length)], null,
                Integer.toString(1 + random.nextInt(120)), 43.20 + random.nextDouble() * 0.10,
                76.85 + random.nextDouble() * 0.13);
    }

    private Customer customer(long number) {
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        // 7 + 700 (a mobile prefix) + digits from the sequence: plainly synthetic.
        String phone = "7700" + String.format("%07d", number % 10_000_000L);
        return new Customer("cust-" + number, first, last, phone);
    }
}
