package kz.kaspibridge.pricelist;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import kz.kaspibridge.testsupport.RunningService;

/** The publisher started in the test JVM, with its own feed directory, and an HTTP client for it. */
final class Publisher implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final RunningService service;

    private Publisher(RunningService service) {
        this.service = service;
    }

    static Publisher start(Map<String, String> settings) {
        Map<String, String> props = new LinkedHashMap<>();
        try {
            props.put("pricelist-publisher.feed-dir", Files.createTempDirectory("pricelist-feeds").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put("pricelist-publisher.debounce", "300ms");
        props.putAll(settings);
        return new Publisher(RunningService.start(PricelistPublisherApplication.class, props));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> head(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()), headers,
                HttpResponse.BodyHandlers.ofString());
    }

    /** Builds of a merchant's file so far, whatever their outcome. */
    long builds(String merchant) {
        return service.bean(MeterRegistry.class).find("kaspi.pricelist.rebuild").tag("merchant", merchant).timers()
                .stream().mapToLong(Timer::count).sum();
    }

    /**
     * Builds of a merchant's file once the count has stopped moving for a second. A build's timer stops just after
     * its file is served, so a count read as soon as the file shows can be one build short.
     */
    long settledBuilds(String merchant) {
        long[] last = {-1};
        await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15))
                .until(() -> {
                    long now = builds(merchant);
                    boolean settled = now > 0 && now == last[0];
                    last[0] = now;
                    return settled;
                });
        return last[0];
    }

    /** Operators' rebuild requests read so far with this outcome. */
    double rebuildRequests(String outcome) {
        var counter = service.bean(MeterRegistry.class).find("kaspi.pricelist.rebuild.requests").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name, String merchant, String rule) {
        var search = service.bean(MeterRegistry.class).find(name).tag("merchant", merchant);
        if (rule != null) {
            search = search.tag("rule", rule);
        }
        var gauge = search.gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, String[] headers,
                                            HttpResponse.BodyHandler<T> body) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
