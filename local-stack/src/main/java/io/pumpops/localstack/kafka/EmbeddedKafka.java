package io.pumpops.localstack.kafka;

import io.pumpops.localstack.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), run from the
 * Kafka jars in a child JVM.
 *
 * <p>Why a child JVM rather than in-process: the broker keeps its own heap, threads and logging, so
 * it cannot disturb (or be disturbed by) the services and tests in the parent; it can be killed
 * with SIGKILL to test failure handling exactly as a crashed broker behaves; and it is the same
 * {@code kafka.Kafka} main that production brokers run. It costs a few seconds of JVM start-up once
 * per test JVM, which we accept.
 *
 * <p>The data directory survives {@link #stop()} and {@link #kill()}; {@link #start()} again on the
 * same directory and ports brings back every record.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param dataDirectory holds server.properties, the log directory and broker.log
   * @param port client listener port; 0 picks a free one
   * @param controllerPort KRaft controller listener port; 0 picks a free one
   * @param heapMegabytes maximum heap of the broker JVM
   */
  public record Settings(Path dataDirectory, int port, int controllerPort, int heapMegabytes) {
    public static Settings inDirectory(Path dataDirectory) {
      return new Settings(dataDirectory, 0, 0, 512);
    }
  }

  private final Path dataDirectory;
  private final int port;
  private final int controllerPort;
  private final int heapMegabytes;
  private Process process;
  private OutputStream lifeline;

  public EmbeddedKafka(Settings settings) {
    this.dataDirectory = settings.dataDirectory().toAbsolutePath();
    this.port = Ports.pick(settings.port());
    this.controllerPort = Ports.pick(settings.controllerPort());
    this.heapMegabytes = settings.heapMegabytes();
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The broker JVM's process id while it runs (benchmarks read its memory from /proc). */
  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the broker and returns once it answers an admin request. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    Ports.requireFree(port, "Kafka");
    Ports.requireFree(controllerPort, "the Kafka controller");
    try {
      Files.createDirectories(dataDirectory);
      Path properties = writeServerProperties();
      Path logFile = dataDirectory.resolve("broker.log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  javaExecutable(),
                  "-Xmx" + heapMegabytes + "m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-Djava.awt.headless=true",
                  "-Dlogback.configurationFile=pumpops-broker-logback.xml",
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrokerMain.class.getName(),
                  properties.toString()));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      lifeline = process.getOutputStream();
      awaitReady(logFile);
      log.info(
          "Kafka broker (KRaft) ready at {} (pid {}, data {})",
          bootstrapServers(),
          process.pid(),
          dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the Kafka broker in " + dataDirectory, e);
    }
  }

  /** Stops the broker gracefully (SIGTERM, controlled shutdown), keeping its data. */
  public synchronized void stop() {
    terminate(false);
  }

  /** Kills the broker (SIGKILL), as a crash or power loss would, keeping its data. */
  public synchronized void kill() {
    terminate(true);
  }

  @Override
  public void close() {
    stop();
  }

  private void terminate(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("Kafka broker did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    closeQuietly(lifeline);
    process = null;
  }

  private Path writeServerProperties() throws IOException {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dataDirectory.resolve("kafka-logs").toString());
    // One node: every internal topic has one replica; few partitions keep start-up quick.
    p.setProperty("num.partitions", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalog (TopicProvisioner); a typo must fail, not create a topic.
    p.setProperty("auto.create.topics.enable", "false");
    Path file = dataDirectory.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "Written by PumpOps local-stack; rewritten on every start");
    }
    return file;
  }

  private void awaitReady(Path logFile) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Map<String, Object> adminConfig =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Kafka broker exited with code "
                + process.exitValue()
                + " during start-up. Last lines of "
                + logFile
                + ":\n"
                + tail(logFile));
      }
      if (Ports.isListening(port)) {
        try (Admin admin = Admin.create(adminConfig)) {
          admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
          return;
        } catch (Exception e) {
          log.debug("Broker not ready yet: {}", e.toString());
        }
      }
      waitBriefly();
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Kafka broker did not become ready within "
            + START_TIMEOUT.toSeconds()
            + " s. Last lines of "
            + logFile
            + ":\n"
            + tail(logFile));
  }

  private void waitBriefly() {
    try {
      process.waitFor(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      if (stream != null) {
        stream.close();
      }
    } catch (IOException e) {
      log.debug("Closing the broker's lifeline failed: {}", e.toString());
    }
  }
}
