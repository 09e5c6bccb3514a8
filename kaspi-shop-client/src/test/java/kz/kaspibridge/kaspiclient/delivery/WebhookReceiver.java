package kz.kaspibridge.kaspiclient.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A tiny webhook endpoint that fails the first {@code failures} attempts of every event. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String id, String timestamp, String signature, byte[] body, int answeredWith) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int failures;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
    private final DisposableServer server;

    WebhookReceiver(int failures) {
        this.failures = failures;
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/hooks", (request, response) -> request.receive().aggregate()
                        .asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
                            String id = request.requestHeaders().get("webhook-id");
                            int seen = attemptsById.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger())
                                    .incrementAndGet();
                            int status = seen <= failures ? 503 : 204;
                            received.add(new Received(id, request.requestHeaders().get("webhook-timestamp"),
                                    request.requestHeaders().get("webhook-signature"), body, status));
                            return response.status(status).send().then(Mono.<Void>empty());
                        })))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/hooks";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void clear() {
        received.clear();
        attemptsById.clear();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
