package aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An endpoint in front of moto_server that answers Lambda's GetAccountSettings (which moto does not
 * implement) with the given account's numbers, and forwards every other request to moto unchanged.
 * moto does not check signatures unless IAM enforcement is on, so forwarding re-signed requests is fine.
 */
final class StandInLambdaAccount implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "stand-in-lambda-account");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StandInLambdaAccount(URI moto, String accountSettingsJson) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().startsWith("/2016-08-19/account-settings")) {
                    send(exchange, 200, "application/json", accountSettingsJson.getBytes(StandardCharsets.UTF_8));
                } else {
                    forward(moto, exchange);
                }
            }
        });
        server.start();
    }

    /** A Lambda account with this concurrency limit and nothing reserved (a new account: 10). */
    static StandInLambdaAccount withConcurrency(URI moto, int limit) throws IOException {
        return new StandInLambdaAccount(moto, "{\"AccountLimit\":{\"CodeSizeUnzipped\":262144000,\"CodeSizeZipped\":52428800,"
                + "\"ConcurrentExecutions\":" + limit + ",\"TotalCodeSize\":80530636800,\"UnreservedConcurrentExecutions\":" + limit
                + "},\"AccountUsage\":{\"FunctionCount\":0,\"TotalCodeSize\":0}}");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(URI moto, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> req.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            res.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] out = res.body();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || out.length == 0;
            exchange.sendResponseHeaders(res.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 502, "text/plain", "interrupted".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
