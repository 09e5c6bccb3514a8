package kz.kaspibridge.deliverygateway.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import kz.kaspibridge.deliverygateway.deliveries.DeliveryStatus;
import kz.kaspibridge.deliverygateway.deliveries.Out;
import kz.kaspibridge.deliverygateway.deliveries.StatusReport;
import kz.kaspibridge.deliverygateway.deliveries.TrackedDelivery;
import kz.kaspibridge.deliverygateway.kaspi.Intent;
import kz.kaspibridge.deliverygateway.kaspi.Outcome;
import kz.kaspibridge.schemas.delivery.BookDelivery;
import kz.kaspibridge.schemas.delivery.CancelDelivery;
import kz.kaspibridge.schemas.delivery.DeliveryCommand;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.topics.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns, per order code, what the gateway knows of the order's delivery ({@link TrackedDelivery} in the
 * {@value DeliveryGatewayTopology#DELIVERIES_STORE} store). Commands, webhook reports and the Delivery API's answers
 * all pass through it, so the forward-only rule is applied in one place, and the store write, the events, the
 * intents and the input offsets commit in one exactly-once transaction: a record processed again finds its effect
 * recorded and emits nothing twice.
 *
 * <p>A wall-clock sweep asks for a reconciliation read of deliveries nobody has heard of for a while (a lost
 * webhook), at most {@code reconcileBatch} per run and task, forgets finished orders, and refreshes the
 * deliveries-by-status gauge after each full pass. Each run looks at the next {@code sweepSlice} deliveries after a
 * cursor, so a run holds up the stream thread for a bounded time however large the store grows (a benchmark saw a
 * whole-store scan of 41,000 deliveries stall reports for about 100 ms).
 */
final class DeliveryProcessor implements Processor<String, Input, String, Routed> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final DeliveryGatewayTopology.Settings settings;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, TrackedDelivery> deliveries;
    /** Where the next sweep starts (exclusive); null: from the first key. */
    private String cursor;
    /** The current pass's deliveries by status, published when the pass completes. */
    private Map<DeliveryStatus, Long> passCounts = new EnumMap<>(DeliveryStatus.class);
    private Map<DeliveryStatus, Instant> passOldest = new EnumMap<>(DeliveryStatus.class);

    DeliveryProcessor(DeliveryGatewayTopology.Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        this.metrics = settings.metrics();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.deliveries = context.getStateStore(DeliveryGatewayTopology.DELIVERIES_STORE);
        context.schedule(settings.sweepEvery(), PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, Input> record) {
        String code = record.key();
        if (code == null || code.isBlank()) {
            log.warn("delivery record without an order code ignored input={}", record.value().getClass().getSimpleName());
            metrics.report("anomaly", 1);
            return;
        }
        Instant now = clock.instant();
        Input input = record.value();
        TrackedDelivery before = deliveries.get(code);
        TrackedDelivery state = before != null ? before : unknown(code, input, now);
        TrackedDelivery.Step step;
        String causation = null;
        if (input instanceof Input.Command command) {
            step = command(state, command.command(), now);
            causation = command.command().getMetadata().getEventId();
        } else if (input instanceof Input.Report report) {
            DeliveryStatusReported r = report.report();
            causation = r.getMetadata().getEventId();
            DeliveryStatus status = AvroMapping.status(r.getStatus());
            if (status == null) {
                log.warn("delivery report with a status this build does not know ignored orderCode={} deliveryId={}"
                        + " webhookType={} eventId={}", code, r.getDeliveryId(), r.getWebhookType(),
                        r.getWebhookEventId());
                metrics.report("unknown_status", 1);
                return;
            }
            step = state.report(new StatusReport(r.getDeliveryId(), status, r.getStatusAt(), r.getWebhookEventId()),
                    now);
        } else {
            step = answer(state, ((Input.Answer) input).outcome(), now);
        }
        deliveries.put(code, step.state());
        route(record, step, input, causation, now);
    }

    /** A new order, with the merchant and correlation id its first record names (an answer names neither). */
    private static TrackedDelivery unknown(String code, Input input, Instant now) {
        if (input instanceof Input.Command command) {
            return TrackedDelivery.unknown(code, command.command().getMetadata().getMerchantId(),
                    command.command().getMetadata().getCorrelationId(), now);
        }
        if (input instanceof Input.Report report) {
            return TrackedDelivery.unknown(code, report.report().getMetadata().getMerchantId(),
                    report.report().getMetadata().getCorrelationId(), now);
        }
        return TrackedDelivery.unknown(code, null, null, now);
    }

    private static TrackedDelivery.Step command(TrackedDelivery state, DeliveryCommand command, Instant now) {
        String merchant = command.getMetadata().getMerchantId();
        String correlation = command.getMetadata().getCorrelationId();
        Object payload = command.getPayload();
        if (payload instanceof CancelDelivery cancel) {
            return state.cancel(command.getCommandId(), blankToNull(cancel.getDeliveryId()), cancel.getReason(),
                    merchant, correlation, now);
        }
        return state.book(command.getCommandId(), merchant, correlation, now);
    }

    private static TrackedDelivery.Step answer(TrackedDelivery state, Outcome outcome, Instant now) {
        switch (outcome.type()) {
            case Outcome.BOOKED:
                return state.booked(outcome.commandId(), outcome.deliveryId(), DeliveryStatus.valueOf(outcome.status()),
                        outcome.trackingUrl(), outcome.pickupBy(), outcome.deliveryBy(), now);
            case Outcome.BOOK_FAILED:
                return state.bookingFailed(outcome.commandId(), outcome.reason(), outcome.httpStatus(), now);
            case Outcome.CANCELLED:
                return state.cancelled(outcome.commandId(), outcome.deliveryId(), now);
            case Outcome.CANCEL_REJECTED:
                return state.cancelRejected(outcome.commandId(), outcome.deliveryId(), outcome.reason(),
                        outcome.status() == null ? null : DeliveryStatus.valueOf(outcome.status()), now);
            case Outcome.OBSERVED:
                return state.observed(new StatusReport(outcome.deliveryId(), DeliveryStatus.valueOf(outcome.status()),
                        outcome.statusAt() != null ? outcome.statusAt() : outcome.observedAt(), "reconciliation"), now);
            default:
                throw new IllegalArgumentException("unknown outcome type " + outcome.type());
        }
    }

    private void route(Record<String, Input> record, TrackedDelivery.Step step, Input input, String causation,
                       Instant now) {
        TrackedDelivery state = step.state();
        String code = record.key();
        AvroMapping.Origin origin = new AvroMapping.Origin(orUnknown(state.merchantId()),
                state.correlationId() != null ? state.correlationId() : code, causation);
        for (Out out : step.outs()) {
            DeliveryEvent event = AvroMapping.event(code, out, origin);
            if (event != null) {
                context.forward(new Record<>(code, (Routed) new Routed.Event(event), record.timestamp()));
                observeEvent(code, out, input, now);
                continue;
            }
            if (out instanceof Out.RequestBooking booking) {
                BookDelivery book = (BookDelivery) ((Input.Command) input).command().getPayload();
                request(code, new Intent(Intent.BOOK, code, state.merchantId(), booking.commandId(), null, null,
                        AvroMapping.booking(book), now.toEpochMilli()), record.timestamp());
            } else if (out instanceof Out.RequestCancel cancel) {
                request(code, new Intent(Intent.CANCEL, code, state.merchantId(), cancel.commandId(),
                        cancel.deliveryId(), cancel.reason(), null, now.toEpochMilli()), record.timestamp());
            } else if (out instanceof Out.Refused refused) {
                deadLetter(record, (Input.Command) input, refused);
            } else {
                observe(code, out);
            }
        }
    }

    private void observeEvent(String code, Out out, Input input, Instant now) {
        if (out instanceof Out.Booked b) {
            metrics.booking("booked");
            log.info("delivery booked orderCode={} deliveryId={} commandId={}", code, b.deliveryId(), b.commandId());
        } else if (out instanceof Out.BookingFailed f) {
            metrics.booking("failed");
            log.warn("delivery booking failed orderCode={} commandId={} httpStatus={} reason={}", code, f.commandId(),
                    f.httpStatus(), f.reason());
        } else if (out instanceof Out.Cancelled c) {
            metrics.cancel("cancelled");
            log.info("delivery cancelled orderCode={} deliveryId={} commandId={}", code, c.deliveryId(), c.commandId());
        } else if (out instanceof Out.CancelRejected r) {
            metrics.cancel("rejected");
            log.warn("delivery cancel rejected orderCode={} deliveryId={} commandId={} reason={}", code,
                    r.deliveryId(), r.commandId(), r.reason());
        } else if (out instanceof Out.StatusChanged s) {
            metrics.report("applied", 1);
            metrics.statusChanged(s.previous(), s.status(), s.timeInPrevious());
            if ("reconciliation".equals(s.via())) {
                metrics.reconciliation("fixed");
                log.info("delivery status fixed by reconciliation orderCode={} deliveryId={} status={} previous={}",
                        code, s.deliveryId(), s.status(), s.previous());
            } else {
                log.info("delivery status changed orderCode={} deliveryId={} status={} previous={} via={}", code,
                        s.deliveryId(), s.status(), s.previous(), s.via());
            }
            if (input instanceof Input.Report report && "report".equals(s.via())) {
                metrics.reportToEvent(Duration.between(report.report().getMetadata().getOccurredAt(), now));
            }
        }
    }

    private void observe(String code, Out out) {
        if (out instanceof Out.CommandIgnored ignored) {
            log.info("delivery command ignored orderCode={} commandId={} why={}", code, ignored.commandId(),
                    ignored.why());
            if (ignored.booking()) {
                metrics.booking("duplicate");
            } else {
                metrics.cancel("duplicate");
            }
        } else if (out instanceof Out.ReportIgnored ignored) {
            metrics.report(ignored.verdict().name().toLowerCase(java.util.Locale.ROOT), 1);
            log.debug("delivery report ignored orderCode={} deliveryId={} status={} verdict={} source={}", code,
                    ignored.deliveryId(), ignored.status(), ignored.verdict(), ignored.source());
        } else if (out instanceof Out.ReportKept kept) {
            metrics.report("kept", 1);
            log.info("delivery report kept until its booking is seen orderCode={} deliveryId={} status={} source={}",
                    code, kept.deliveryId(), kept.status(), kept.source());
        } else if (out instanceof Out.ReportsDropped dropped) {
            if (dropped.count() > 0) {
                metrics.report("dropped", dropped.count());
                log.warn("delivery reports dropped orderCode={} count={} why={}", code, dropped.count(), dropped.why());
            }
        } else if (out instanceof Out.CancelMoot moot) {
            metrics.cancel("no_delivery");
            log.warn("delivery cancel with nothing to cancel: the booking failed orderCode={} commandId={}", code,
                    moot.commandId());
        } else if (out instanceof Out.Anomaly anomaly) {
            metrics.report("anomaly", 1);
            log.error("delivery anomaly orderCode={} detail={}", code, anomaly.detail());
        }
    }

    private void request(String code, Intent intent, long timestamp) {
        context.forward(new Record<>(code, (Routed) new Routed.Request(intent), timestamp));
    }

    private void deadLetter(Record<String, Input> record, Input.Command command, Out.Refused refused) {
        boolean book = command.command().getPayload() instanceof BookDelivery;
        if (book) {
            metrics.booking("refused");
        } else {
            metrics.cancel("refused");
        }
        log.warn("delivery command dead-lettered orderCode={} commandId={} reason={}", record.key(),
                refused.commandId(), refused.reason());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("kafka_dlt-original-topic", Topics.DELIVERY_COMMANDS.name().getBytes(StandardCharsets.UTF_8));
        headers.add("kafka_dlt-exception-message", ("delivery command refused: " + refused.reason())
                .getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(record.key(), (Routed) new Routed.Dead(command.command()), record.timestamp(),
                headers));
    }

    /** Reconciliation, retention and the gauge, over the next slice of the store; every {@code sweepEvery}. */
    private void sweep() {
        Instant now = clock.instant();
        List<KeyValue<String, TrackedDelivery>> changes = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        int reconciling = 0;
        int seen = 0;
        String last = cursor;
        boolean passComplete;
        try (KeyValueIterator<String, TrackedDelivery> slice = cursor == null ? deliveries.all()
                : deliveries.range(cursor, null)) {
            while (slice.hasNext() && seen < settings.sweepSlice()) {
                KeyValue<String, TrackedDelivery> entry = slice.next();
                if (entry.key.equals(cursor)) {
                    continue; // the range starts at the cursor itself, looked at last time
                }
                seen++;
                last = entry.key;
                TrackedDelivery delivery = entry.value;
                var expired = delivery.expired(now, settings.retention(), settings.unknownReportWait());
                if (expired.isPresent()) {
                    forgotten.add(entry.key);
                    observe(entry.key, expired.get());
                    continue;
                }
                if (delivery.status() != null && delivery.deliveryId() != null) {
                    passCounts.merge(delivery.status(), 1L, Long::sum);
                    if (!delivery.status().isFinal() && delivery.statusAt() != null) {
                        passOldest.merge(delivery.status(), delivery.statusAt(),
                                (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
                if (reconciling < settings.reconcileBatch()
                        && delivery.dueForReconciliation(now, settings.reconcileAfter())) {
                    reconciling++;
                    changes.add(KeyValue.pair(entry.key, delivery.reconcile(now).state()));
                }
            }
            passComplete = !slice.hasNext();
        }
        for (String code : forgotten) {
            deliveries.delete(code);
        }
        for (KeyValue<String, TrackedDelivery> change : changes) {
            TrackedDelivery state = change.value;
            deliveries.put(change.key, state);
            metrics.reconciliation("requested");
            log.info("delivery reconciliation requested orderCode={} deliveryId={} status={} lastHeardAt={}",
                    change.key, state.deliveryId(), state.status(), state.lastHeardAt());
            request(change.key, new Intent(Intent.RECONCILE, change.key, state.merchantId(), null, state.deliveryId(),
                    null, null, now.toEpochMilli()), now.toEpochMilli());
        }
        if (passComplete) {
            metrics.deliveries(context.taskId().toString(), passCounts, passOldest);
            passCounts = new EnumMap<>(DeliveryStatus.class);
            passOldest = new EnumMap<>(DeliveryStatus.class);
            cursor = null;
        } else {
            cursor = last;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orUnknown(String merchant) {
        return merchant != null ? merchant : "unknown";
    }
}
