package io.pumpops.localstack.process;

import io.pumpops.localstack.ServiceCatalog;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PumpOps service started as its own JVM, as it runs in production: from its module's {@code
 * target/classes} and the classpath Maven wrote at package time. Tests of several Micronaut
 * services use this rather than several application contexts in one JVM, where each context would
 * pick up every service's beans from the shared classpath.
 *
 * <p>{@code pumpops demo} runs the whole system this way too, on fixed ports and with the logs
 * where it keeps its data ({@link Launch}). By default output goes to {@code
 * <module>/target/service-logs/}. {@link #start} returns once {@code /health} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String module;
  private final Process process;
  private final URI baseUrl;
  private final Path log;
  private final StopWithThisJvm stopOnExit;

  private ServiceProcess(String module, Process process, URI baseUrl, Path log) {
    this.module = module;
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
    this.stopOnExit = StopWithThisJvm.register(process, module, STOP_GRACE);
  }

  /** How long a service has to shut down cleanly after SIGTERM before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /**
   * JVM options for a service that carries a test's or the demo's load, a few hundred records a
   * second: code compiled by C1 alone is ample for that, and skipping C2 and the parallel collector
   * spares most of the compile and GC CPU a dozen JVMs spend on a two-core machine (the loop tests
   * took 331 s instead of 370 s, 2026-12-03). Benchmarks launch with the JVM's defaults, as
   * production runs.
   */
  public static final List<String> LIGHT_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /**
   * A service of the catalog as a test runs it: any free port, a 384 MB heap, {@link #LIGHT_JVM}.
   *
   * @param service a service of the {@link ServiceCatalog}, for example {@code registry-service};
   *     its module must have been packaged
   * @param environment configuration as environment variables (PUMPOPS_KAFKA_BOOTSTRAP_SERVERS,
   *     ...)
   */
  public static ServiceProcess start(
      String service, Map<String, String> environment, Duration timeout) {
    return start(service, port -> environment, timeout);
  }

  /**
   * For a service that must know its own port (deploy-service tells gateways where to download):
   * the environment is made for the port the service gets.
   */
  public static ServiceProcess start(
      String service,
      java.util.function.IntFunction<Map<String, String>> environmentForPort,
      Duration timeout) {
    ServiceCatalog.Service entry = ServiceCatalog.get(service);
    return start(
        new Launch(
            entry.module(),
            entry.mainClass(),
            moduleDir(entry.module()),
            0,
            null,
            "384m",
            LIGHT_JVM),
        environmentForPort,
        timeout);
  }

  /**
   * How to run one service.
   *
   * @param moduleDir the module's folder, packaged ({@code target/classes} and {@code
   *     target/classpath.txt})
   * @param port the HTTP port, or 0 for any free one
   * @param logFile where output goes; null for {@code
   *     <module>/target/service-logs/<module>-<port>.log}
   * @param maxHeap the JVM's -Xmx
   * @param jvmOptions further JVM options; none for the JVM's defaults, which benchmarks measure
   */
  public record Launch(
      String module,
      String mainClass,
      Path moduleDir,
      int port,
      Path logFile,
      String maxHeap,
      List<String> jvmOptions) {

    public Launch {
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** With the JVM's default options. */
    public Launch(
        String module, String mainClass, Path moduleDir, int port, Path logFile, String maxHeap) {
      this(module, mainClass, moduleDir, port, logFile, maxHeap, List.of());
    }

    /** A service of the catalog, from its packaged module at {@code moduleDir}. */
    public static Launch of(
        ServiceCatalog.Service service, Path moduleDir, int port, Path logFile, String maxHeap) {
      return new Launch(service.module(), service.mainClass(), moduleDir, port, logFile, maxHeap);
    }

    /** The same launch with these JVM options. */
    public Launch withJvmOptions(List<String> options) {
      return new Launch(module, mainClass, moduleDir, port, logFile, maxHeap, options);
    }
  }

  public static ServiceProcess start(
      Launch launch,
      java.util.function.IntFunction<Map<String, String>> environmentForPort,
      Duration timeout) {
    Path classpathFile = launch.moduleDir().resolve("target/classpath.txt");
    try {
      String classpath =
          launch.moduleDir().resolve("target/classes")
              + File.pathSeparator
              + Files.readString(classpathFile).trim();
      int port = launch.port() == 0 ? freePort() : launch.port();
      Map<String, String> environment = environmentForPort.apply(port);
      Path log =
          launch.logFile() != null
              ? launch.logFile()
              : launch
                  .moduleDir()
                  .resolve("target/service-logs")
                  .resolve(launch.module() + "-" + port + ".log");
      Files.createDirectories(log.toAbsolutePath().getParent());
      List<String> command = new java.util.ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + launch.maxHeap());
      // A service out of heap is in no state to go on; exiting lets its supervisor restart it and
      // makes the failure plain (a training run was left "active").
      command.add("-XX:+ExitOnOutOfMemoryError");
      command.addAll(launch.jvmOptions());
      command.add(launch.mainClass());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(log.toAbsolutePath().getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // The classpath goes in the environment, not on the command line: ONNX Runtime 1.29's native
      // initialisation crashes the JVM (SIGSEGV) when the command line is longer than about 4 KB.
      builder.environment().put("CLASSPATH", classpath);
      builder.environment().putAll(environment);
      builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
      ServiceProcess service =
          new ServiceProcess(
              launch.module(), builder.start(), URI.create("http://127.0.0.1:" + port), log);
      service.awaitHealthy(timeout);
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start " + launch.module() + " (is it packaged? " + classpathFile + ")", e);
    }
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Whether the service's JVM still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code of a JVM that ended; -1 while it runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The service JVM's process id (benchmarks read its memory from /proc). */
  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /**
   * The body of a GET on one of the service's endpoints ({@code /health}, {@code /prometheus}),
   * whatever its status: a test reads what the service reports about itself.
   */
  public String get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " of " + module + " failed; see " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + module, e);
    }
  }

  /**
   * The sum of a Prometheus metric's series on {@code /prometheus} (for example {@code
   * pumpops_ingest_received_total}), 0 when the service has none yet.
   */
  public double metric(String name) {
    return get("/prometheus")
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Kills the JVM as a crash or an out-of-memory kill would (SIGKILL: no shutdown hook, no clean
   * leave of a consumer group or an MQTT session) and waits until it is gone.
   */
  public void kill() {
    stopOnExit.close();
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(module + " still runs 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + module, e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            module + " exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(baseUrl.resolve("/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + module, e);
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + module, e);
      }
    }
    close();
    throw new IllegalStateException(module + " was not healthy within " + timeout + "; see " + log);
  }

  /** Stops the service (SIGTERM, so it shuts down cleanly) and waits for it. */
  @Override
  public void close() {
    stopOnExit.close();
    StopWithThisJvm.stop(process, STOP_GRACE);
  }

  /**
   * The module's folder: beside the working directory (a sibling module's tests) or under it (the
   * root).
   */
  public static Path moduleDir(String module) {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(here.resolveSibling(module), here.resolve(module))) {
      if (Files.isDirectory(candidate.resolve("target"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find the packaged module " + module + " beside or under " + here);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
