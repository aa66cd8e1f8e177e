package io.pumpops.localstack.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MQTT broker (HiveMQ CE) inside this JVM: MQTT 3.1, 3.1.1 and 5, QoS 0/1/2, retained
 * messages, persistent sessions and shared subscriptions, with its sessions and retained messages
 * on disk under the data directory so they survive a restart.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
  private static final long TIMEOUT_SECONDS = 60;

  /** Messages the broker keeps for one client or shared group while it is slow or away. */
  public static final long MAX_QUEUED_MESSAGES = 10_000_000;

  /**
   * @param dataDirectory holds the broker's configuration and persistent data
   * @param port TCP listener port on the loopback interface; 0 picks a free one
   * @param credentials username and password clients must present; empty allows anonymous clients
   */
  public record Settings(Path dataDirectory, int port, Optional<MqttCredentials> credentials) {}

  private final Path dataDirectory;
  private final int port;
  private final Optional<MqttCredentials> credentials;
  private EmbeddedHiveMQ hivemq;

  public EmbeddedMqttBroker(Settings settings) {
    this.dataDirectory = settings.dataDirectory().toAbsolutePath();
    this.port = Ports.pick(settings.port());
    this.credentials = settings.credentials();
  }

  /** {@code tcp://127.0.0.1:port}, as Paho expects it. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Optional<MqttCredentials> credentials() {
    return credentials;
  }

  public synchronized void start() {
    if (hivemq != null) {
      return;
    }
    Ports.requireFree(port, "MQTT");
    try {
      Path conf = Files.createDirectories(dataDirectory.resolve("conf"));
      Files.writeString(conf.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
      EmbeddedHiveMQBuilder builder =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(Files.createDirectories(dataDirectory.resolve("data")))
              .withExtensionsFolder(Files.createDirectories(dataDirectory.resolve("extensions")))
              // Log through this application's logback configuration rather than HiveMQ's own.
              .withoutLoggingBootstrap();
      credentials.ifPresent(
          c ->
              builder.withEmbeddedExtension(
                  EmbeddedExtension.builder()
                      .withId("pumpops-password-auth")
                      .withName("PumpOps password authentication")
                      .withVersion("1")
                      .withPriority(1000)
                      .withStartPriority(1000)
                      .withExtensionMain(new IdentityAuthentication(c))
                      .build()));
      hivemq = builder.build();
      hivemq.start().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      log.info(
          "MQTT broker (HiveMQ CE) ready at {}{}",
          url(),
          credentials.isPresent() ? " (password auth)" : "");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not prepare the MQTT broker's directory " + dataDirectory, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("MQTT broker did not start on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the MQTT broker", e);
    }
  }

  public synchronized void stop() {
    if (hivemq == null) {
      return;
    }
    try {
      hivemq.stop().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      hivemq.close();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("MQTT broker did not stop cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hivemq = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private String configXml() {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <!-- HiveMQ's default queue holds 1000 messages per client (or shared group) and then
                 discards new ones: a burst or a short ingest outage would lose readings. Queued
                 messages are kept on disk, so allow a large backlog (%d messages). -->
            <queued-messages>
              <max-queue-size>%d</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
          </mqtt>
          <!-- This machine may have no network; HiveMQ must not try to report usage. -->
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, MAX_QUEUED_MESSAGES, MAX_QUEUED_MESSAGES);
  }
}
