package kz.kaspibridge.deliverygateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import kz.kaspibridge.deliverygateway.DeliveryGatewayApplication;
import kz.kaspibridge.deliverygateway.kaspi.Outcome;
import kz.kaspibridge.deliverygateway.streams.DeliveryGatewayTopology;
import kz.kaspibridge.schemas.common.DeliveryStatus;
import kz.kaspibridge.schemas.common.EventMetadata;
import kz.kaspibridge.schemas.delivery.DeliveryEvent;
import kz.kaspibridge.schemas.delivery.DeliveryStatusChanged;
import kz.kaspibridge.schemas.delivery.DeliveryStatusReported;
import kz.kaspibridge.schemas.serde.JsonSerde;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topics;
import kz.kaspibridge.testsupport.ArrivalTimes;
import kz.kaspibridge.testsupport.BenchmarkFigures;
import kz.kaspibridge.testsupport.FigureSheet;
import kz.kaspibridge.testsupport.FigureSheet.Figure;
import kz.kaspibridge.testsupport.TailConsumers;
import kz.kaspibridge.testsupport.RunningService;
import kz.kaspibridge.testsupport.TestStack;
import kz.kaspibridge.testsupport.TestTopics;
import kz.kaspibridge.webhookingress.intake.DeliveryState;
import kz.kaspibridge.webhookingress.intake.DeliveryWebhook;
import kz.kaspibridge.webhookingress.intake.MerchantEndpoint;
import kz.kaspibridge.webhookingress.publishing.KafkaWebhookRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Not a test: the delivery-gateway benchmark ({@code @Tag("benchmark")}, which the root pom leaves out of every test
 * run). Run it on purpose with the command in {@code docs/benchmarks.md}:
 *
 * <pre>./mvnw -B -Pbenchmark -pl delivery-gateway -am verify -Dtest=None -Dit.test=DeliveryGatewayBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Status reports through the gateway's Kafka Streams processor, in one JVM with the embedded broker (Apicurio in a
 * child process). Deliveries are made known first the way the Delivery API's answer does it: a JSON {@link Outcome}
 * {@code BOOKED} per order code on {@code delivery-gateway.outcomes} (the gateway then holds the delivery in
 * {@code CREATED}). Then each delivery gets the reports {@code accepted → in_transit → out_for_delivery →
 * delivered}, built by webhook-ingress's own {@link KafkaWebhookRecords#reportRecord} (same record, same dedup
 * headers, {@code metadata.occurredAt} = the moment of sending) and written with the same producer settings.
 *
 * <ul>
 *   <li><b>Throughput:</b> the Streams threads are paused ({@link KafkaStreams#pause()}), a backlog of reports is
 *   written, the threads resume, and the time runs until a {@code read_committed} consumer has seen every
 *   {@code DeliveryStatusChanged} on {@code kaspi.delivery-events}; {@code bench.rounds} times over, on new
 *   deliveries each time, the median round being the figure.</li>
 *   <li><b>Latency:</b> reports at fixed offered rates; per report, from its send to its
 *   {@code DeliveryStatusChanged} (matched by order code and status) reaching a {@code read_committed} consumer.</li>
 *   <li><b>Baseline, same run:</b> a bare consume-and-produce loop over the same records (one consumer, one
 *   producer, one thread, the same Avro serdes), producing one {@code DeliveryEvent} with a
 *   {@code DeliveryStatusChanged} per report; exactly-once like the gateway by default (a transaction with the
 *   consumed offsets every commit interval, as Streams commits), {@code -Dbench.baseline.eos=false} for
 *   at-least-once. It keeps no state. It runs after the gateway, on a JVM the gateway has warmed up.</li>
 * </ul>
 *
 * It prints its figures and writes them to {@code delivery-gateway/target/benchmark.md}. Nothing is asserted about
 * time.
 */
@Tag("benchmark")
class DeliveryGatewayBenchmark {

    /** Backlog size of the throughput phase: 4 reports per delivery. */
    private static final int REPORTS = Integer.getInteger("bench.reports", 20_000);
    /** The backlog is measured this many times over (new deliveries each time); the median is the figure. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int WARMUP_REPORTS = Integer.getInteger("bench.warmup.reports", 20_000);
    /** Offered rates of the latency phases, reports/s. */
    private static final String RATES = System.getProperty("bench.rates", "1000,2000");
    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    /**
     * The gateway's {@code delivery-gateway.streams.commit-interval}, and the baseline's transaction interval; the
     * shipped 50 ms unless set.
     */
    private static final String COMMIT_INTERVAL = System.getProperty("bench.commit-interval", "50ms");
    private static final boolean BASELINE_EOS = Boolean.parseBoolean(System.getProperty("bench.baseline.eos", "true"));
    /** The gateway logs one INFO line per status change; on the same two cores that would be measured too. */
    private static final String GATEWAY_LOG_LEVEL = System.getProperty("bench.log-level", "WARN");
    /**
     * The gateway's {@code delivery-gateway.reconciliation.check}: how often its sweep looks at the next slice of the
     * store on the Streams thread. Unset: the shipped 2 s (slices of 1,000).
     */
    private static final String SWEEP = System.getProperty("bench.reconciliation-check", "");
    /** A rate is sustained when at most this share of its reports is still without an event 2 s after the last send. */
    private static final double BACKLOG_ALLOWED = 0.01;

    private static final List<DeliveryState> REPORTED = List.of(DeliveryState.ACCEPTED, DeliveryState.IN_TRANSIT,
            DeliveryState.OUT_FOR_DELIVERY, DeliveryState.DELIVERED);
    private static final String BASELINE_IN = "bench.baseline-reports";
    private static final String BASELINE_OUT = "bench.baseline-events";
    private static final MerchantEndpoint MERCHANT = new MerchantEndpoint("bench-merchant", "/webhooks/bench",
            List.of("bench-secret".getBytes(StandardCharsets.UTF_8)));
    private static final KafkaClientConfig CLIENT = new KafkaClientConfig(TestStack.bootstrapServers(),
            TestStack.registryUrl(), true);

    private final FigureSheet sheet = FigureSheet.start("delivery-gateway");

    @Test
    void run() throws Exception {
        List<String> report = BenchmarkFigures.reportStart();
        report.add(String.format(Locale.ROOT, "backlog %,d reports over %,d deliveries, %d rounds; offered rates %s "
                + "reports/s for %d s each; commit interval %s; reconciliation sweep every %s; gateway log level %s; "
                + "baseline %s", REPORTS, REPORTS / 4, ROUNDS, RATES, SECONDS, COMMIT_INTERVAL,
                SWEEP.isBlank() ? "2s, slices of 1,000 (shipped)" : SWEEP, GATEWAY_LOG_LEVEL, BASELINE_EOS
                        ? "exactly-once (transactions every " + COMMIT_INTERVAL + ")" : "at-least-once"));
        int partitions = Topics.DELIVERY_STATUS_REPORTS.partitions();
        // Declared by their writers (order-command-service, webhook-ingress) in a real deployment.
        TestTopics.create(TestStack.bootstrapServers(), List.of(Topics.DELIVERY_COMMANDS.toNewTopic((short) 1),
                Topics.DELIVERY_STATUS_REPORTS.toNewTopic((short) 1), new NewTopic(BASELINE_IN, partitions, (short) 1),
                new NewTopic(BASELINE_OUT, partitions, (short) 1)));

        // The gateway first, the baseline after it: the baseline then runs on a JVM the gateway has warmed up (Avro,
        // Kafka clients), which if anything flatters the baseline and lowers the ratio.
        Figures gateway = gateway();
        Figures baseline = baseline();

        report.add(String.format(Locale.ROOT, "baseline, bare consume-and-produce loop (%s, same Avro serdes, one "
                        + "thread): %s", BASELINE_EOS ? "exactly-once" : "at-least-once", baseline.throughputLine()));
        baseline.latencyLines().forEach(line -> report.add("  baseline " + line));
        report.add("gateway: " + gateway.throughputLine());
        gateway.latencyLines().forEach(line -> report.add("  gateway " + line));
        gateway.extra().forEach(line -> report.add("  " + line));
        report.add(String.format(Locale.ROOT, "ratio of the gateway's throughput to the baseline's: %.2f",
                gateway.throughput() / baseline.throughput()));
        report.add(String.format(Locale.ROOT, "targets: >= 2,000 reports/s: %s; p99 <= 100 ms at %s/s: %s; "
                        + "ratio >= 0.5: %s",
                gateway.throughput() >= 2_000 ? "met" : "MISSED",
                RATES.split(",")[0].trim(), gateway.firstP99() >= 0 && gateway.firstP99() <= 100 ? "met" : "MISSED",
                gateway.throughput() / baseline.throughput() >= 0.5 ? "met" : "MISSED"));
        report.add(gateway.memory());
        report.add("load average (1/5/15 min) at the end: " + BenchmarkFigures.loadAverage()
                + " (other builds share these cores: compare runs on a quiet machine)");
        report.forEach(line -> System.out.println("BENCH " + line));
        Files.writeString(Path.of("target", "benchmark.md"), String.join("\n", report) + "\n");
        sheet(gateway, baseline);
    }

    /** The figures docs/benchmarks.md shows, gathered by ./benchmarks. */
    private void sheet(Figures gateway, Figures baseline) {
        double ratio = gateway.throughput() / baseline.throughput();
        sheet.add(Figure.atLeast(String.format(Locale.ROOT, "delivery status throughput, backlog of %,d (median of %d)",
                        REPORTS, ROUNDS), gateway.throughput(), "reports/s", 2_000)
                .against("bare exactly-once loop", baseline.throughput(), ratio));
        sheet.add(Figure.info("ratio to the bare loop", ratio, "").target("≥ 0.5", ratio >= 0.5));
        sheet.add(Figure.atMost("status latency p99 at " + RATES.split(",")[0].trim() + " reports/s", gateway.firstP99(),
                "ms", 100).against("bare exactly-once loop", baseline.firstP99(),
                (double) gateway.firstP99() / Math.max(1, baseline.firstP99())));
        sheet.note("one JVM: broker, gateway, baseline loop and load generator; " + gateway.memory());
        sheet.write();
    }

    /** What one side (baseline or gateway) measured. */
    private record Figures(double throughput, String throughputLine, List<String> latencyLines, long firstP99,
                           List<String> extra, String memory) {
    }

    // The baseline.

    private static Figures baseline() throws Exception {
        List<String> latencies = new ArrayList<>();
        long firstP99 = -1;
        try (ArrivalTimes<DeliveryEvent> events = events(BASELINE_OUT); KafkaProducer<String, Object> reports = reportProducer()) {
            // Warm-up: not reported.
            List<Delivery> warm = deliveries("bw", WARMUP_REPORTS / 4);
            sendAll(reports, BASELINE_IN, warm);
            Phase backlog;
            try (BareLoop loop = new BareLoop()) {
                events.awaitAll(keys(warm), Duration.ofMinutes(5));
                backlog = backlog(events, reports, BASELINE_IN, rounds("bt"), loop::pause, loop::resume);
                for (String rate : RATES.split(",")) {
                    Latency latency = offered(events, reports, BASELINE_IN, "br" + rate.trim(),
                            Integer.parseInt(rate.trim()));
                    latencies.add(latency.line());
                    if (firstP99 < 0) {
                        firstP99 = latency.p99();
                    }
                }
            }
            return new Figures(backlog.throughput(), backlog.line(), latencies, firstP99, List.of(), null);
        }
    }

    /**
     * The bare loop: one consumer reading the reports (read_committed, the same Avro deserializer), one producer
     * writing one {@code DeliveryEvent} per report with the same Avro serializer; exactly-once: the consumed offsets
     * and the events in one transaction every commit interval, as Streams does.
     */
    private static final class BareLoop implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean paused = false;
        private volatile boolean idle = false;
        private volatile RuntimeException failure;

        BareLoop() {
            awaitPartitions(BASELINE_IN);
            thread = new Thread(() -> loop(commitMillis()), "bench-bare-loop");
            thread.start();
        }

        void pause() {
            paused = true;
            while (!idle) {
                if (failure != null) {
                    throw new IllegalStateException("the bare loop failed", failure);
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }

        void resume() {
            paused = false;
        }

        private void loop(long commitMillis) {
            Map<String, Object> consumerProps = CLIENT.consumerProperties("bench-bare-loop");
            consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
            Map<String, Object> producerProps = CLIENT.producerProperties();
            // As the Streams producer: no compression, linger 5 ms (StreamsSerdes).
            producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            if (BASELINE_EOS) {
                producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-bare-loop-" + UUID.randomUUID());
            }
            try (KafkaConsumer<String, DeliveryStatusReported> consumer = new KafkaConsumer<>(consumerProps);
                 KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps)) {
                List<TopicPartition> parts = consumer.partitionsFor(BASELINE_IN).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(parts);
                if (BASELINE_EOS) {
                    producer.initTransactions();
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                boolean open = false;
                long lastCommit = System.currentTimeMillis();
                while (running) {
                    if (paused) {
                        if (!open) {
                            idle = true;
                            Thread.sleep(5);
                            continue;
                        }
                        Thread.sleep(1);
                    } else {
                        idle = false;
                    }
                    ConsumerRecords<String, DeliveryStatusReported> records = paused ? ConsumerRecords.empty()
                            : consumer.poll(Duration.ofMillis(10));
                    if (!records.isEmpty() && BASELINE_EOS && !open) {
                        producer.beginTransaction();
                        open = true;
                    }
                    for (ConsumerRecord<String, DeliveryStatusReported> r : records) {
                        if (r.value() != null) {
                            producer.send(new ProducerRecord<>(BASELINE_OUT, r.key(), changed(r.value())));
                        }
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    if (!records.isEmpty() && !BASELINE_EOS) {
                        open = true;
                    }
                    // As Streams: every commit interval, commit whatever is open.
                    long now = System.currentTimeMillis();
                    if (now - lastCommit >= commitMillis) {
                        if (open) {
                            if (BASELINE_EOS) {
                                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                                producer.commitTransaction();
                            } else {
                                producer.flush();
                                consumer.commitAsync(Map.copyOf(offsets), null);
                            }
                            offsets.clear();
                            open = false;
                        }
                        lastCommit = now;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        /** The same event the gateway writes for a status change. */
        private static DeliveryEvent changed(DeliveryStatusReported r) {
            String eventId = UUID.nameUUIDFromBytes(("delivery-event|" + r.getOrderCode() + "|status|"
                    + r.getDeliveryId() + "|" + r.getStatus()).getBytes(StandardCharsets.UTF_8)).toString();
            return DeliveryEvent.newBuilder()
                    .setMetadata(EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(r.getStatusAt())
                            .setMerchantId(r.getMetadata().getMerchantId())
                            .setCorrelationId(r.getMetadata().getCorrelationId())
                            .setCausationId(r.getMetadata().getEventId()).build())
                    .setOrderCode(r.getOrderCode())
                    .setCommandId(null)
                    .setPayload(DeliveryStatusChanged.newBuilder().setDeliveryId(r.getDeliveryId())
                            .setPreviousStatus(null).setStatus(r.getStatus()).setStatusAt(r.getStatusAt()).build())
                    .build();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            paused = false;
            thread.join();
        }
    }

    /** A topic just created may not be in the metadata yet: a consumer assigned nothing would read nothing. */
    private static void awaitPartitions(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get(topic);
                    if (!description.partitions().isEmpty()
                            && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // Not known yet: try again.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no partitions with leaders");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long commitMillis() {
        return org.springframework.boot.convert.DurationStyle.detectAndParse(COMMIT_INTERVAL).toMillis();
    }

    // The gateway.

    private static Figures gateway() throws Exception {
        List<String> latencies = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        long firstP99 = -1;
        int[] rates = java.util.Arrays.stream(RATES.split(",")).mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        long started = System.nanoTime();
        try (RunningService gateway = startGateway()) {
            KafkaStreams streams = gateway.bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
            awaitRunning(streams);
            extra.add(String.format(Locale.ROOT, "gateway start-up until Streams RUNNING: %.1f s",
                    (System.nanoTime() - started) / 1e9));
            try (ArrivalTimes<DeliveryEvent> events = events(Topics.DELIVERY_EVENTS.name());
                 KafkaProducer<String, Object> reports = reportProducer()) {
                // Every delivery of the run is booked first: that is what lets its reports through.
                List<Delivery> warm = deliveries("gw", WARMUP_REPORTS / 4);
                List<List<Delivery>> rounds = rounds("gt");
                Map<Integer, List<Delivery>> offered = new LinkedHashMap<>();
                List<Delivery> all = new ArrayList<>(warm);
                rounds.forEach(all::addAll);
                for (int rate : rates) {
                    offered.put(rate, deliveries("gr" + rate, rate * SECONDS / 4));
                    all.addAll(offered.get(rate));
                }
                long bookStart = System.currentTimeMillis();
                book(all);
                long booked = events.awaitAll(all.stream().map(d -> key(d.code(), DeliveryStatus.CREATED)).toList(),
                        Duration.ofMinutes(5));
                extra.add(String.format(Locale.ROOT, "bookings (BOOKED outcomes written at full speed while running, "
                                + "each giving DeliveryBooked + DeliveryStatusChanged(CREATED)): %,d in %.1f s, %.0f/s",
                        all.size(), (booked - bookStart) / 1000.0, all.size() * 1000.0 / (booked - bookStart)));
                // Warm-up: not reported.
                sendAll(reports, Topics.DELIVERY_STATUS_REPORTS.name(), warm);
                events.awaitAll(keys(warm), Duration.ofMinutes(5));

                Phase backlog = backlog(events, reports, Topics.DELIVERY_STATUS_REPORTS.name(), rounds, streams::pause,
                        streams::resume);

                for (int rate : rates) {
                    Latency latency = offered(events, reports, Topics.DELIVERY_STATUS_REPORTS.name(),
                            offered.get(rate), rate);
                    latencies.add(latency.line());
                    if (firstP99 < 0) {
                        firstP99 = latency.p99();
                    }
                }
                // With the gateway still running and its store full: the memory figure of the run.
                extra.add("load average (1/5/15 min) after the gateway's phases: " + BenchmarkFigures.loadAverage());
                String memory = BenchmarkFigures.memory("broker, gateway with " + all.size()
                        + " deliveries in its store, load generator");
                System.gc();
                Runtime runtime = Runtime.getRuntime();
                memory += String.format(Locale.ROOT, "; heap used after a full GC %d MB",
                        (runtime.totalMemory() - runtime.freeMemory()) >> 20);
                return new Figures(backlog.throughput(), backlog.line(), latencies, firstP99, extra, memory);
            }
        }
    }

    private static RunningService startGateway() throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("delivery-gateway.streams.application-id", "bench-delivery-gateway");
        props.put("delivery-gateway.streams.state-dir",
                Files.createTempDirectory("delivery-gateway-bench").toString());
        props.put("delivery-gateway.streams.commit-interval", COMMIT_INTERVAL);
        props.put("logging.level.kz.kaspibridge.deliverygateway", GATEWAY_LOG_LEVEL);
        if (!SWEEP.isBlank()) {
            props.put("delivery-gateway.reconciliation.check", SWEEP);
        }
        return RunningService.start(DeliveryGatewayApplication.class, props);
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's Streams did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /** A BOOKED outcome per delivery, as the Delivery API executor writes it. */
    private static void book(List<Delivery> deliveries) {
        Map<String, Object> props = CLIENT.rawProducerProperties();
        try (KafkaProducer<String, Outcome> producer = new KafkaProducer<>(props, new StringSerializer(),
                JsonSerde.of(Outcome.class).serializer())) {
            Instant now = Instant.now();
            for (Delivery d : deliveries) {
                producer.send(new ProducerRecord<>(DeliveryGatewayTopology.OUTCOMES_TOPIC, d.code(),
                        new Outcome(Outcome.BOOKED, d.code(), "book-" + d.code(), d.deliveryId(), "CREATED", null,
                                null, null, now, null, null, now)));
            }
        }
    }

    // Load.

    private record Delivery(String code, String deliveryId) {
    }

    private static List<Delivery> deliveries(String prefix, int count) {
        List<Delivery> deliveries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String code = prefix + "-" + (100_000_000 + i);
            deliveries.add(new Delivery(code, "dlv-" + code));
        }
        return deliveries;
    }

    private static String key(String code, DeliveryStatus status) {
        return code + "|" + status.name();
    }

    private static List<String> keys(List<Delivery> deliveries) {
        List<String> keys = new ArrayList<>(deliveries.size() * REPORTED.size());
        for (DeliveryState state : REPORTED) {
            for (Delivery d : deliveries) {
                keys.add(key(d.code(), DeliveryStatus.valueOf(state.name())));
            }
        }
        return keys;
    }

    /** The producer webhook-ingress writes reports with (KafkaClientConfig's: idempotent, acks=all, linger 5). */
    private static KafkaProducer<String, Object> reportProducer() {
        return new KafkaProducer<>(CLIENT.producerProperties());
    }

    /** The record webhook-ingress writes for one webhook, received now. */
    private static ProducerRecord<String, Object> report(String topic, Delivery d, DeliveryState state, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        DeliveryWebhook webhook = new DeliveryWebhook("wh-" + d.code() + "-" + state.wire(), state.eventType(), 1,
                d.deliveryId(), d.code(), state, now);
        ProducerRecord<String, Object> record = KafkaWebhookRecords.reportRecord(MERCHANT, webhook, now);
        return new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
    }

    /** Every delivery's four reports, status by status (so a delivery's reports are apart, as in life), at once. */
    private static void sendAll(KafkaProducer<String, Object> producer, String topic, List<Delivery> deliveries) {
        for (DeliveryState state : REPORTED) {
            for (Delivery d : deliveries) {
                producer.send(report(topic, d, state, System.currentTimeMillis()));
            }
        }
        producer.flush();
    }

    private record Phase(double throughput, String line) {
    }

    private static List<List<Delivery>> rounds(String prefix) {
        List<List<Delivery>> rounds = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            rounds.add(deliveries(prefix + r, REPORTS / 4));
        }
        return rounds;
    }

    /**
     * Per round: processing paused, the round's reports written, processing resumed; the time runs from the resume
     * until every {@code DeliveryStatusChanged} of the round was seen. The figure is the median round.
     */
    private static Phase backlog(ArrivalTimes<DeliveryEvent> events, KafkaProducer<String, Object> producer, String topic,
                                 List<List<Delivery>> rounds, Runnable pause, Runnable resume) {
        List<Double> rates = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (List<Delivery> batch : rounds) {
            pause.run();
            sendAll(producer, topic, batch);
            long start = System.currentTimeMillis();
            resume.run();
            List<String> keys = keys(batch);
            long last = events.awaitAll(keys, Duration.ofMinutes(10));
            double seconds = (last - start) / 1000.0;
            rates.add(keys.size() / seconds);
            times.add(String.format(Locale.ROOT, "%.2f s (%,.0f/s)", seconds, keys.size() / seconds));
        }
        List<Double> sorted = rates.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        return new Phase(median, String.format(Locale.ROOT, "backlog of %,d reports (%,d deliveries), %d rounds, "
                + "each drained in %s: median %,.0f reports/s (until every DeliveryStatusChanged was seen "
                + "read_committed)", REPORTS, REPORTS / 4, rounds.size(), String.join(", ", times), median));
    }

    private record Latency(long p99, String line) {
    }

    private static Latency offered(ArrivalTimes<DeliveryEvent> events, KafkaProducer<String, Object> producer, String topic, String prefix,
                                   int rate) throws InterruptedException {
        return offered(events, producer, topic, deliveries(prefix, rate * SECONDS / 4), rate);
    }

    /**
     * Sends the deliveries' reports at {@code rate} per second, status by status, then waits for every event. The
     * report's {@code occurredAt} is its send time.
     */
    private static Latency offered(ArrivalTimes<DeliveryEvent> events, KafkaProducer<String, Object> producer, String topic,
                                   List<Delivery> deliveries, int rate) throws InterruptedException {
        Map<String, Long> sentAt = new HashMap<>();
        int count = deliveries.size() * REPORTED.size();
        long start = System.nanoTime();
        int i = 0;
        for (DeliveryState state : REPORTED) {
            for (Delivery d : deliveries) {
                long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.currentTimeMillis();
                sentAt.put(key(d.code(), DeliveryStatus.valueOf(state.name())), now);
                producer.send(report(topic, d, state, now));
                i++;
            }
        }
        producer.flush();
        long lastSent = System.currentTimeMillis();
        double achieved = count / ((System.nanoTime() - start) / 1e9);
        int backlogAfter2s = events.backlogAfter(sentAt.keySet(), lastSent, Duration.ofSeconds(2),
                Duration.ofMinutes(5));
        List<Long> latencies = new ArrayList<>(count);
        List<long[]> sentAndLatency = new ArrayList<>(count);
        sentAt.forEach((key, sent) -> {
            Long seen = events.at(key);
            if (seen != null) {
                latencies.add(seen - sent);
                sentAndLatency.add(new long[] {sent, seen - sent});
            }
        });
        latencies.sort(Long::compare);
        // Where the slow ones were sent: spread out (a per-record cost) or bunched (a stall: GC, the sweep).
        long slow = Math.max(2 * BenchmarkFigures.percentile(latencies, 50), 100);
        java.util.TreeSet<Long> slowWindows = new java.util.TreeSet<>();
        long slowCount = 0;
        for (long[] sl : sentAndLatency) {
            if (sl[1] > slow) {
                slowCount++;
                slowWindows.add(sl[0] / 250);
            }
        }
        boolean sustained = latencies.size() == count && backlogAfter2s <= count * BACKLOG_ALLOWED;
        long p99 = BenchmarkFigures.percentile(latencies, 99);
        return new Latency(p99, String.format(Locale.ROOT, "at %,d reports/s offered (%,.0f achieved by the writer) "
                        + "for %d s: %,d of %,d DeliveryStatusChanged seen, backlog 2 s after the last send %d (%s); "
                        + "report -> DeliveryStatusChanged read_committed: p50 %d ms, p99 %d ms, max %d ms; %d reports over "
                + "%d ms, sent in %d of the phase's %d quarter-seconds", rate,
                achieved, SECONDS, latencies.size(), count, backlogAfter2s, sustained ? "sustained" : "NOT sustained",
                BenchmarkFigures.percentile(latencies, 50), p99,
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), slowCount, slow, slowWindows.size(),
                SECONDS * 4));
    }

    /**
     * When each {@code DeliveryStatusChanged} (order code and status) became visible to a {@code read_committed}
     * consumer of {@code topic}.
     */
    private static ArrivalTimes<DeliveryEvent> events(String topic) {
        awaitPartitions(topic);
        KafkaConsumer<String, DeliveryEvent> consumer = TailConsumers.atEnd(topic,
                CLIENT.assignedReaderProperties("bench-events-" + topic));
        return new ArrivalTimes<>(consumer, r -> r.value().getPayload() instanceof DeliveryStatusChanged changed
                ? key(r.value().getOrderCode(), changed.getStatus()) : null, "bench-events");
    }
}
