package kz.kaspibridge.schemas.tools;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.kaspibridge.schemas.serde.KafkaClientConfig;
import kz.kaspibridge.schemas.topics.Topic;

/**
 * The operators' commands, behind one entry point ({@code ./kaspi-ops <command>}): trace an order, replay a
 * dead-letter topic, re-poll a merchant, rebuild a merchant's price list. Each finds the stack the way the
 * services do ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}, defaulting to {@code ./run-local}'s
 * ports), or from {@code --bootstrap} and {@code --registry}.
 *
 * <p>Exit codes: 0 done; 1 nothing found or the request refused; 2 a usage error; 3 the stack could not be read
 * or written (Kafka or the registry unreachable).
 */
public final class KaspiOps {

    static final int OK = 0;
    static final int NOT_DONE = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:19092";
    static final String DEFAULT_REGISTRY = "http://127.0.0.1:18081";

    static final String USAGE_TEXT = """
            usage: ./kaspi-ops <command> [options]

            commands:
              trace <order-code> [--json]
                  every record of one order, on every topic keyed by order code (dead letters and the
                  services' internal topics included), in time order; exit 1 when there is none
              replay-dlt <topic>-dlt [--key=KEY] [--since=ISO-INSTANT] [--dry-run]
                  puts dead-lettered records back into their topic, byte for byte
              repoll <merchant-id> --from <ISO-INSTANT> [--poller-prefix=order-poller]
                  asks the order-poller instance that owns the merchant to poll again from that time
              rebuild-feed <merchant-id>
                  asks every pricelist-publisher instance to rebuild the merchant's price list now
              help
                  this text

            options of every command:
              --bootstrap=HOST:PORT   Kafka (default: $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092)
              --registry=URL          schema registry base URL, or its /apis/ccompat/v7 URL
                                      (default: $SCHEMA_REGISTRY_URL, else http://127.0.0.1:18081)
              --timeout=DURATION      how long to wait for Kafka, as 30s or PT30S (default 30s)

            exit codes: 0 done, 1 nothing found or refused, 2 usage error, 3 Kafka or the registry failed
            """;

    private final Map<String, String> environment;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    /** For tests and for embedding: {@link #main} passes the process's environment, clock and streams. */
    public KaspiOps(Map<String, String> environment, Clock clock, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new KaspiOps(System.getenv(), Clock.systemUTC(), System.out, System.err).run(List.of(args));
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public int run(List<String> args) {
        if (args.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(0);
        try {
            Options options = Options.parse(args.subList(1, args.size()));
            return switch (command) {
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                case "trace" -> trace(options);
                case "replay-dlt" -> replay(options);
                case "repoll" -> repoll(options);
                case "rebuild-feed" -> rebuildFeed(options);
                default -> throw new UsageException("unknown command " + command);
            };
        } catch (UsageException e) {
            err.println("kaspi-ops: " + e.getMessage());
            err.println("run ./kaspi-ops help for the commands and their options");
            return USAGE;
        } catch (RuntimeException e) {
            err.println("kaspi-ops " + command + " failed: " + rootMessage(e));
            return FAILED;
        }
    }

    private int trace(Options options) {
        options.allow("json");
        String orderCode = options.single("order-code");
        OrderTrace.Result result = new OrderTrace(kafka(options), timeout(options)).trace(orderCode);
        if (!result.missingTopics().isEmpty()) {
            err.println("not on this cluster (not declared yet), skipped: " + String.join(", ", result.missingTopics()));
        }
        if (result.timeline().isEmpty()) {
            err.printf("no record of order %s on the %d topics keyed by order code%n", orderCode, result.topicsRead());
            return NOT_DONE;
        }
        if (options.flag("json")) {
            result.timeline().jsonLines().forEach(out::println);
        } else {
            out.print(result.timeline().table());
            out.printf("%d records of order %s on %d topics%n", result.timeline().entries().size(), orderCode,
                    result.topicsRead());
        }
        return OK;
    }

    private int replay(Options options) {
        options.allow("key", "since", "dry-run");
        String topic = options.single("<topic>-dlt");
        if (!topic.endsWith(Topic.DEAD_LETTER_SUFFIX)) {
            throw new UsageException(topic + " is not a dead-letter topic (<topic>-dlt)");
        }
        Optional<Instant> since = options.value("since").map(Options::parseInstant);
        DeadLetterReplay.Outcome outcome;
        try {
            outcome = new DeadLetterReplay(kafka(options)).replay(new DeadLetterReplay.Selection(topic,
                    options.value("key"), since, options.flag("dry-run")));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        out.printf("read %d dead-lettered records, replayed %d%n", outcome.read(), outcome.replayed());
        return OK;
    }

    private int repoll(Options options) {
        options.allow("from", "poller-prefix");
        String merchant = options.single("merchant-id");
        Instant from = options.instant("from");
        return new RepollRequestTool(kafka(options), timeout(options), clock, out, err)
                .request(merchant, from, options.value("poller-prefix").orElse("order-poller"));
    }

    private int rebuildFeed(Options options) {
        options.allow();
        String merchant = options.single("merchant-id");
        return new FeedRebuildTool(kafka(options), timeout(options), clock, out, err).request(merchant);
    }

    KafkaClientConfig kafka(Options options) {
        String bootstrap = options.value("bootstrap").orElse(env("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP));
        String registry = options.value("registry").orElse(env("SCHEMA_REGISTRY_URL", DEFAULT_REGISTRY));
        // Operators copy the Confluent URL they use with other tools; the serdes want the base.
        registry = registry.replaceAll("/+$", "").replaceFirst("/apis/(ccompat/v\\d+|registry/v\\d+)$", "");
        return new KafkaClientConfig(bootstrap, registry, false);
    }

    private static Duration timeout(Options options) {
        return options.value("timeout").map(Options::parseDuration).orElse(Duration.ofSeconds(30));
    }

    private String env(String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The message, and the root cause's when it adds something (a refused connection, an unknown host). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String cause = root.getMessage();
        return root == e || cause == null || message.contains(cause) ? message : message + " (" + cause + ")";
    }

    /** A command line the operator got wrong: said plainly, exit 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Positional arguments and {@code --name=value}, {@code --name value} or {@code --flag} options; every command
     * says which options it takes, and anything else is a usage error rather than silently ignored.
     */
    static final class Options {
        private static final List<String> COMMON = List.of("bootstrap", "registry", "timeout");
        private static final List<String> FLAGS = List.of("json", "dry-run");
        private final List<String> positional;
        private final Map<String, String> named;

        private Options(List<String> positional, Map<String, String> named) {
            this.positional = positional;
            this.named = named;
        }

        static Options parse(List<String> args) {
            List<String> positional = new ArrayList<>();
            Map<String, String> named = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    positional.add(arg);
                    continue;
                }
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    named.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (FLAGS.contains(name)) {
                    named.put(name, "true");
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    named.put(name, args.get(++i));
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            }
            return new Options(positional, named);
        }

        /** Refuses any option that is neither one of {@code allowed} nor common to every command. */
        void allow(String... allowed) {
            for (String name : named.keySet()) {
                if (!COMMON.contains(name) && !List.of(allowed).contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
            }
        }

        /** The one positional argument; also checks the options, so call it after {@link #allow}, if any. */
        String single(String what) {
            if (positional.size() != 1) {
                throw new UsageException(positional.isEmpty() ? "missing " + what
                        : "one " + what + " expected, got " + String.join(" ", positional));
            }
            return positional.get(0);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(named.get(name));
        }

        boolean flag(String name) {
            return named.containsKey(name);
        }

        Instant instant(String name) {
            return parseInstant(value(name).orElseThrow(() -> new UsageException("--" + name + " <ISO-INSTANT> is required")));
        }

        static Instant parseInstant(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new UsageException("not an ISO instant (such as 2026-11-25T08:00:00Z): " + text);
            }
        }

        static Duration parseDuration(String text) {
            try {
                return text.matches("\\d+s") ? Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)))
                        : Duration.parse(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new UsageException("not a duration (such as 30s or PT1M): " + text);
            }
        }
    }
}
