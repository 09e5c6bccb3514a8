package kz.kaspibridge.deploy.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The start-up and memory baseline: the smallest JVM that answers 200 on a readiness path, the JDK's own HTTP
 * server and nothing else, started with the same flags as the services. What a service takes beyond it is its
 * own: Spring, Netty, the Kafka clients, its work.
 */
public final class HelloServer {

    private HelloServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
