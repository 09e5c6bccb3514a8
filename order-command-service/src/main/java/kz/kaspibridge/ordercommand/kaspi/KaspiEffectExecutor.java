package kz.kaspibridge.ordercommand.kaspi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.kaspibridge.kaspiclient.ApiToken;
import kz.kaspibridge.kaspiclient.KaspiApiException;
import kz.kaspibridge.kaspiclient.shop.CancellationReason;
import kz.kaspibridge.kaspiclient.shop.KaspiDeliveryInfo;
import kz.kaspibridge.kaspiclient.shop.KaspiOrder;
import kz.kaspibridge.kaspiclient.shop.KaspiShopClient;
import kz.kaspibridge.kaspiclient.shop.OrderCode;
import kz.kaspibridge.kaspiclient.shop.OrderId;
import kz.kaspibridge.ordercommand.effects.EffectRules;
import kz.kaspibridge.ordercommand.effects.EffectRules.Kind;
import kz.kaspibridge.ordercommand.orders.OrderStatus;
import kz.kaspibridge.ordercommand.streams.AvroMapping;
import kz.kaspibridge.ordercommand.streams.Effect;
import kz.kaspibridge.schemas.commands.AcceptFailureReason;
import kz.kaspibridge.schemas.commands.OrderAcceptFailed;
import kz.kaspibridge.schemas.commands.OrderAccepted;
import kz.kaspibridge.schemas.commands.OrderAssembled;
import kz.kaspibridge.schemas.commands.OrderCancelled;
import kz.kaspibridge.schemas.commands.OrderCommandRejected;
import kz.kaspibridge.schemas.commands.OrderCommandResult;
import kz.kaspibridge.schemas.commands.OrderCommandType;
import kz.kaspibridge.schemas.commands.OrderCompleted;
import kz.kaspibridge.schemas.commands.OrderCompletionCodeSent;
import kz.kaspibridge.schemas.commands.RejectionReason;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.Parcel;
import kz.kaspibridge.schemas.delivery.Stop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Carries out one recorded intent against the Kaspi Shop API, exactly once in effect:
 *
 * <ol>
 *   <li>read the order; if Kaspi already shows the effect, that is the success (a replay after a crash between
 *       the call and the commit ends here, with the same outcome);</li>
 *   <li>if the order can no longer take it (cancelled, completed...), that is a business result;</li>
 *   <li>write; a refusal (400/409/422) is a business result carrying Kaspi's title;</li>
 *   <li>after a 5xx, a timeout or a dropped connection, read again: the target status counts as success,
 *       anything else is rethrown, and the listener's in-order retry starts again at step 1.</li>
 * </ol>
 */
public final class KaspiEffectExecutor {

    private static final Logger log = LoggerFactory.getLogger(KaspiEffectExecutor.class);

    private final KaspiShopClient kaspi;
    private final Map<String, ApiToken> tokens;
    private final Map<String, Stop> pickups;
    private final Clock clock;
    private final Duration callTimeout;
    private final Duration waybillWait;
    private final EffectMetrics metrics;

    public KaspiEffectExecutor(KaspiShopClient kaspi, Map<String, ApiToken> tokens, Map<String, Stop> pickups,
                               Clock clock, Duration callTimeout, Duration waybillWait, EffectMetrics metrics) {
        this.kaspi = kaspi;
        this.tokens = Map.copyOf(tokens);
        this.pickups = Map.copyOf(pickups);
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.waybillWait = waybillWait;
        this.metrics = metrics;
    }

    /** The result event and, for an accepted order the merchant delivers, its delivery booking. */
    public record Executed(OrderCommandResult result, Optional<DeliveryCommand> delivery) {
    }

    public Executed execute(Effect effect) {
        ApiToken token = tokens.get(effect.merchant());
        if (token == null) {
            // A configuration error, not a Kaspi outage: not retried, the intent goes to the DLT for replay once
            // the merchant is configured (IllegalArgumentException is not retryable in the listener).
            throw new IllegalArgumentException("no Kaspi token configured for merchant " + effect.merchant());
        }
        Kind kind = kind(effect);
        OrderId id = new OrderId(effect.orderId());
        OrderCode code = new OrderCode(effect.orderCode());
        KaspiOrder current;
        try {
            current = read(token, id);
        } catch (KaspiApiException.NotFound e) {
            return refused(effect, kind, new EffectRules.Refusal("ORDER_NOT_FOUND",
                    "Kaspi does not know order " + effect.orderCode()), null);
        }
        if (EffectRules.alreadyDone(kind, status(current), hasWaybill(current))) {
            log.info("effect already in kaspi, no call orderCode={} merchantId={} type={} commandId={}",
                    effect.orderCode(), effect.merchant(), kind, effect.commandId());
            metrics.effect(kind.name(), "ALREADY_DONE");
            return done(effect, kind, current);
        }
        Optional<EffectRules.Refusal> refusal = EffectRules.refusal(kind, status(current));
        if (refusal.isPresent()) {
            return refused(effect, kind, refusal.get(), null);
        }
        try {
            metrics.callStarted(effect);
            KaspiOrder after = block(write(kind, effect, token, id, code));
            metrics.effect(kind.name(), "DONE");
            log.info("kaspi effect done orderCode={} merchantId={} type={} commandId={}", effect.orderCode(),
                    effect.merchant(), kind, effect.commandId());
            return done(effect, kind, after != null ? after : current);
        } catch (KaspiApiException.Rejected e) {
            KaspiOrder reread = read(token, id);
            if (EffectRules.alreadyDone(kind, status(reread), hasWaybill(reread))) {
                return done(effect, kind, reread);
            }
            return refused(effect, kind, rejectedBecause(kind, reread, e), e.title());
        } catch (KaspiApiException.ServerError | KaspiApiException.Timeout | KaspiApiException.ConnectionFailed e) {
            // Kaspi may have applied the change before failing: look before anyone writes again.
            KaspiOrder reread = read(token, id);
            if (EffectRules.alreadyDone(kind, status(reread), hasWaybill(reread))) {
                log.info("kaspi applied the effect despite {} orderCode={} merchantId={} type={}", e.outcome(),
                        effect.orderCode(), effect.merchant(), kind);
                metrics.effect(kind.name(), "DONE_AFTER_FAILURE");
                return done(effect, kind, reread);
            }
            metrics.effect(kind.name(), "RETRY");
            throw e;
        }
    }

    private Mono<KaspiOrder> write(Kind kind, Effect effect, ApiToken token, OrderId id, OrderCode code) {
        switch (kind) {
            case ACCEPT:
                return kaspi.accept(token, id, code);
            case CANCEL:
                return kaspi.cancel(token, id, code, CancellationReason.valueOf(effect.reason()), effect.comment());
            case SEND_CODE:
                return kaspi.sendCompletionCode(token, id, code);
            case COMPLETE:
                return kaspi.complete(token, id, code, effect.securityCode());
            case ASSEMBLE:
                return kaspi.assemble(token, id, code, effect.numberOfSpace());
            default:
                throw new IllegalArgumentException("unknown effect " + kind);
        }
    }

    private Executed done(Effect effect, Kind kind, KaspiOrder order) {
        Object payload;
        switch (kind) {
            case ACCEPT:
                payload = OrderAccepted.newBuilder().setOrderId(effect.orderId()).build();
                metrics.accepted(effect);
                break;
            case CANCEL:
                payload = OrderCancelled.newBuilder().setReason(
                        kz.kaspibridge.schemas.common.CancellationReason.valueOf(effect.reason()))
                        .setComment(effect.comment()).build();
                break;
            case SEND_CODE:
                payload = OrderCompletionCodeSent.newBuilder().build();
                break;
            case COMPLETE:
                payload = OrderCompleted.newBuilder().build();
                break;
            default:
                payload = OrderAssembled.newBuilder().setNumberOfSpace(effect.numberOfSpace())
                        .setWaybillUrl(waybill(effect, order)).build();
        }
        Optional<DeliveryCommand> booking = kind == Kind.ACCEPT ? booking(effect) : Optional.empty();
        return new Executed(result(effect, kind.name(), payload), booking);
    }

    private Executed refused(Effect effect, Kind kind, EffectRules.Refusal refusal, String kaspiTitle) {
        metrics.effect(kind.name(), "REFUSED");
        log.info("kaspi effect refused orderCode={} merchantId={} type={} reason={} commandId={}", effect.orderCode(),
                effect.merchant(), kind, refusal.reason(), effect.commandId());
        Object payload;
        if (kind == Kind.ACCEPT) {
            payload = OrderAcceptFailed.newBuilder().setReason(acceptReason(refusal.reason()))
                    .setDetail(refusal.detail()).setKaspiTitle(kaspiTitle).build();
        } else {
            payload = OrderCommandRejected.newBuilder().setCommandType(commandType(kind))
                    .setReason(rejectionReason(refusal.reason())).setDetail(refusal.detail())
                    .setKaspiTitle(kaspiTitle).build();
        }
        return new Executed(result(effect, "refused", payload), Optional.empty());
    }

    private static EffectRules.Refusal rejectedBecause(Kind kind, KaspiOrder reread,
                                                       KaspiApiException.Rejected e) {
        Optional<EffectRules.Refusal> byStatus = EffectRules.refusal(kind, status(reread));
        if (byStatus.isPresent()) {
            return byStatus.get();
        }
        if (kind == Kind.COMPLETE) {
            return new EffectRules.Refusal("INVALID_SECURITY_CODE", "Kaspi refused the security code");
        }
        return new EffectRules.Refusal(kind == Kind.ACCEPT ? "REJECTED_BY_KASPI" : "OTHER", "Kaspi refused the change");
    }

    /** The waybill appears seconds after ASSEMBLE: a few spaced re-reads, bounded by {@code waybill-wait}. */
    private String waybill(Effect effect, KaspiOrder order) {
        if (hasWaybill(order)) {
            return order.kaspiDelivery().map(KaspiDeliveryInfo::waybill).orElse(null);
        }
        ApiToken token = tokens.get(effect.merchant());
        OrderId id = new OrderId(effect.orderId());
        try {
            return Mono.defer(() -> kaspi.getOrder(token, id))
                    .flatMap(o -> Mono.justOrEmpty(o.kaspiDelivery().map(KaspiDeliveryInfo::waybill)))
                    // 0.5 s, then every second: the waybill shows seconds after ASSEMBLE, and the intents polled
                    // with this one wait for it, so a doubling backoff would only add to their latency.
                    .repeatWhenEmpty(flux -> flux.concatMap(i -> Mono.delay(Duration.ofMillis(i == 0 ? 500 : 1000))))
                    .timeout(waybillWait)
                    .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.empty())
                    .block(waybillWait.plusSeconds(5));
        } catch (KaspiApiException e) {
            log.warn("waybill not read, result sent without it orderCode={} merchantId={} outcome={}",
                    effect.orderCode(), effect.merchant(), e.outcome(), e);
            return null;
        }
    }

    private Optional<DeliveryCommand> booking(Effect effect) {
        Effect.Delivery delivery = effect.delivery();
        if (delivery == null) {
            return Optional.empty();
        }
        Stop pickup = pickups.get(effect.merchant());
        if (pickup == null) {
            log.warn("order needs a courier but merchant has no pickup configured orderCode={} merchantId={}",
                    effect.orderCode(), effect.merchant());
            return Optional.empty();
        }
        Stop dropoff = Stop.newBuilder().setAddress(delivery.address())
                .setContactName(delivery.name() == null ? "" : delivery.name())
                .setContactPhone(delivery.phone() == null ? "" : delivery.phone()).setNotes(null).build();
        BookDelivery book = BookDelivery.newBuilder().setPickup(pickup).setDropoff(dropoff)
                .setParcel(Parcel.newBuilder().setDescription(delivery.description())
                        .setWeightGrams(delivery.weightGrams()).setValueKzt(delivery.valueKzt()).build()).build();
        String commandId = nameUuid("book-delivery|" + effect.merchant() + "|" + effect.orderCode());
        return Optional.of(DeliveryCommand.newBuilder()
                .setMetadata(AvroMapping.metadata(commandId, "book", effect.merchant(), effect.correlationId(),
                        effect.commandId(), clock.instant()))
                .setCommandId(commandId).setOrderCode(effect.orderCode()).setPayload(book).build());
    }

    private OrderCommandResult result(Effect effect, String outcome, Object payload) {
        return OrderCommandResult.newBuilder()
                .setMetadata(AvroMapping.metadata(effect.commandId(), outcome, effect.merchant(),
                        effect.correlationId(), effect.causationId(), clock.instant()))
                .setCommandId(effect.commandId()).setOrderCode(effect.orderCode()).setPayload(payload).build();
    }

    private KaspiOrder read(ApiToken token, OrderId id) {
        return block(kaspi.getOrder(token, id));
    }

    private <T> T block(Mono<T> call) {
        return call.block(callTimeout);
    }

    static Kind kind(Effect effect) {
        if ("COMPLETE".equals(effect.type())) {
            return effect.securityCode() == null ? Kind.SEND_CODE : Kind.COMPLETE;
        }
        return Kind.valueOf(effect.type());
    }

    private static OrderStatus status(KaspiOrder order) {
        return OrderStatus.valueOf(order.status().name());
    }

    private static boolean hasWaybill(KaspiOrder order) {
        return order.kaspiDelivery().map(KaspiDeliveryInfo::waybill).filter(w -> !w.isBlank()).isPresent();
    }

    private static AcceptFailureReason acceptReason(String reason) {
        try {
            return AcceptFailureReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return AcceptFailureReason.OTHER;
        }
    }

    private static RejectionReason rejectionReason(String reason) {
        try {
            return RejectionReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return RejectionReason.OTHER;
        }
    }

    private static OrderCommandType commandType(Kind kind) {
        return kind == Kind.SEND_CODE ? OrderCommandType.COMPLETE : OrderCommandType.valueOf(kind.name());
    }

    static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Counters and latencies of the executor. */
    public interface EffectMetrics {
        void effect(String type, String outcome);

        /** A Kaspi write is about to be sent (latency from {@code OrderReceived.occurredAt}). */
        void callStarted(Effect effect);

        /** {@code OrderAccepted} is about to be written. */
        void accepted(Effect effect);
    }

    static Instant received(Effect effect) {
        return Instant.ofEpochMilli(effect.orderReceivedAt());
    }

}
