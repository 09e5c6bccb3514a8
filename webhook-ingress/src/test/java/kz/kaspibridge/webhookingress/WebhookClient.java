package kz.kaspibridge.webhookingress;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Posts webhooks to a running ingress over real HTTP. */
public final class WebhookClient {

    private final WebTestClient http;

    public WebhookClient(String baseUrl) {
        this.http = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(15)).build();
    }

    public WebTestClient http() {
        return http;
    }

    public EntityExchangeResult<byte[]> post(String path, SignedWebhooks.Headers headers, String body) {
        return post(path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public EntityExchangeResult<byte[]> post(String path, SignedWebhooks.Headers headers, byte[] body) {
        WebTestClient.RequestBodySpec request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (headers != null) {
            request = request.header("webhook-id", headers.id())
                    .header("webhook-timestamp", headers.timestamp())
                    .header("webhook-signature", headers.signature());
        }
        return request.bodyValue(body).exchange().expectBody().returnResult();
    }

    public static String text(EntityExchangeResult<byte[]> result) {
        byte[] body = result.getResponseBody();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
