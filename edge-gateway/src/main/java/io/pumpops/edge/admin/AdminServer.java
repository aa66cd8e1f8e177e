package io.pumpops.edge.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /health} (200 while the gateway can score: the site broker is connected; 503 otherwise; an
 * uplink outage is normal at the edge and does not make it unhealthy), {@code /metrics}
 * (Prometheus) and {@code /status} (the last heartbeat as plain JSON: unions unwrapped, ISO times).
 * The JDK's own HTTP server: no framework on a small box.
 */
public final class AdminServer implements AutoCloseable {

  private final HttpServer server;

  /** The health answer: whether the gateway is up, and a JSON body saying why. */
  public record Health(boolean up, String json) {}

  public AdminServer(
      String host,
      int port,
      Supplier<Health> health,
      PrometheusMeterRegistry metrics,
      Supplier<byte[]> status) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not listen on " + host + ":" + port + " for health and metrics", e);
    }
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "admin-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/health",
        exchange -> {
          Health h = health.get();
          respond(
              exchange,
              h.up() ? 200 : 503,
              "application/json",
              h.json().getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/metrics",
        exchange ->
            respond(
                exchange,
                200,
                "text/plain; version=0.0.4",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/status", exchange -> respond(exchange, 200, "application/json", status.get()));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
