package kz.kaspibridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server every service runs on (Reactor Netty, under Spring WebFlux) keeps reading a keep-alive
 * connection after it has answered a request it had to hold back.
 * <p>
 * Reactor Netty 1.3.6 (Spring Boot 4.0.7's) holds back a request that arrives on a keep-alive connection before
 * the previous exchange has finished inside the server: a pipelined request, or simply the client's next request
 * when the previous response was written from another thread (a reactive handler, a Kafka callback). When it then
 * answers the held-back request at once, it forgets to ask Netty to read again: the connection's next request stays
 * in the socket buffer, unanswered, until the client gives up and closes it (reactor/reactor-netty#4347, #4361,
 * fixed in 1.3.8). In the services' tests that was about one request in 200 to 300 timing out.
 * <p>
 * Pipelining two requests, the first answered later and the second at once, takes that path every time, so a
 * third request on the same connection is answered only on a server without the defect.
 */
class KeepAliveReadTest {

    private LoopResources loops;
    private DisposableServer server;

    @BeforeEach
    void start() {
        loops = LoopResources.create("keep-alive-test", 1, true);
        server = HttpServer.create().host("127.0.0.1").port(0).runOn(loops)
                .route(routes -> routes
                        .get("/later", (request, response) -> response.sendString(
                                Mono.delay(Duration.ofMillis(50)).thenReturn("later")))
                        .get("/now", (request, response) -> response.sendString(Mono.just("now"))))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
        loops.disposeLater().block(Duration.ofSeconds(5));
    }

    @Test
    void aKeepAliveConnectionIsReadAgainAfterAHeldBackRequestIsAnsweredAtOnce() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());

            out.write(get("/later").concat(get("/now")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(body(in)).isEqualTo("later");
            assertThat(body(in)).isEqualTo("now");

            out.write(get("/now").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String third;
            try {
                third = body(in);
            } catch (SocketTimeoutException e) {
                third = "no answer within 3 s: the server stopped reading the connection";
            }
            assertThat(third).isEqualTo("now");
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** The body of the next response on the connection: fixed length or chunked. */
    private static String body(InputStream in) throws IOException {
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 200");
        int length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            body.write(in.readNBytes(length));
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
