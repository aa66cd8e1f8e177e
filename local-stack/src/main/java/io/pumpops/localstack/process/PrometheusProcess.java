package io.pumpops.localstack.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the machine's own, from its package manager) scraping a running PumpOps with
 * the repository's configuration and alert rules ({@code monitoring/prometheus}): the same files
 * docker-compose mounts, with target files written for the processes at hand.
 */
public final class PrometheusProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scraped process: the job of monitoring/prometheus/prometheus.yml it belongs to. */
  public record Target(String job, String service, URI baseUrl, Map<String, String> labels) {}

  private final Process process;
  private final URI url;
  private final Path log;
  private final StopWithThisJvm stopOnExit;

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private PrometheusProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.stopOnExit = StopWithThisJvm.register(process, "prometheus", STOP_GRACE);
  }

  /** The prometheus binary on the PATH, if the machine has one. */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Copies the configuration and rules to {@code directory}, writes the target files there and
   * starts Prometheus; returns once it is ready.
   *
   * @param configuration the repository's monitoring/prometheus folder
   * @param port the HTTP port, 0 for any free one
   */
  public static PrometheusProcess start(
      Path binary,
      Path configuration,
      Path directory,
      int port,
      List<Target> targets,
      Path logFile,
      Duration timeout) {
    try {
      Files.createDirectories(directory.resolve("targets"));
      for (String file : List.of("prometheus.yml", "alerts.yml")) {
        Files.copy(
            configuration.resolve(file),
            directory.resolve(file),
            StandardCopyOption.REPLACE_EXISTING);
      }
      for (String job : List.of("pumpops-services", "pumpops-gateways")) {
        ArrayNode groups = JSON.createArrayNode();
        for (Target target : targets) {
          if (target.job().equals(job)) {
            ObjectNode group = groups.addObject();
            group
                .putArray("targets")
                .add(target.baseUrl().getHost() + ":" + target.baseUrl().getPort());
            ObjectNode labels = group.putObject("labels");
            labels.put("service", target.service());
            target.labels().forEach(labels::put);
          }
        }
        String file = job.equals("pumpops-services") ? "services.json" : "gateways.json";
        JSON.writerWithDefaultPrettyPrinter()
            .writeValue(directory.resolve("targets").resolve(file).toFile(), groups);
      }
      int chosen = port == 0 ? freePort() : port;
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + directory.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + directory.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + chosen,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      PrometheusProcess prometheus =
          new PrometheusProcess(process, URI.create("http://127.0.0.1:" + chosen), logFile);
      prometheus.awaitReady(timeout);
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return url;
  }

  public Path log() {
    return log;
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Prometheus exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(url.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Prometheus started", e);
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Prometheus started", e);
      }
    }
    close();
    throw new IllegalStateException("Prometheus not ready within " + timeout + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    stopOnExit.close();
    StopWithThisJvm.stop(process, STOP_GRACE);
  }
}
