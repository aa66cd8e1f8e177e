package io.pumpops.localstack;

import io.pumpops.localstack.kafka.EmbeddedKafka;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.localstack.registry.EmbeddedSchemaRegistry;
import io.pumpops.localstack.registry.RegistryHttpServer;
import io.pumpops.schemas.topics.TopicProvisioner;
import io.pumpops.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stack: a Kafka broker in KRaft mode (child JVM), the schema registry on top of it,
 * and an MQTT broker, all on loopback ports, with their data under one directory so that a restart
 * continues where the last run stopped. The catalog's topics are created on start.
 */
public final class LocalStack implements Stack {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  /** The registry's topic; the same name Confluent's registry uses. */
  public static final String SCHEMAS_TOPIC = "_schemas";

  /**
   * How to start the stack. A port of 0 picks a free one.
   *
   * @param dataDirectory parent of kafka/ and mqtt/
   * @param kafkaPort Kafka client port (9092 by convention)
   * @param kafkaControllerPort KRaft controller port
   * @param registryPort schema registry HTTP port (8081 by convention)
   * @param mqttPort MQTT port (1883 by convention)
   * @param mqttCredentials credentials MQTT clients must present; empty for anonymous. The same
   *     development login guards the schema registry's writes (basic auth).
   */
  public record Settings(
      Path dataDirectory,
      int kafkaPort,
      int kafkaControllerPort,
      int registryPort,
      int mqttPort,
      Optional<MqttCredentials> mqttCredentials) {

    /** Free ports and development credentials: what tests use. */
    public static Settings ephemeral(Path dataDirectory) {
      return new Settings(dataDirectory, 0, 0, 0, 0, Optional.of(MqttCredentials.DEVELOPMENT));
    }
  }

  private final EmbeddedKafka kafka;
  private final EmbeddedMqttBroker mqtt;
  private EmbeddedSchemaRegistry registry;
  private RegistryHttpServer registryServer;
  private final int registryPort;
  private final Optional<MqttCredentials> credentials;

  private LocalStack(Settings settings) {
    this.credentials = settings.mqttCredentials();
    this.kafka =
        new EmbeddedKafka(
            new EmbeddedKafka.Settings(
                settings.dataDirectory().resolve("kafka"),
                settings.kafkaPort(),
                settings.kafkaControllerPort(),
                512));
    this.mqtt =
        new EmbeddedMqttBroker(
            new EmbeddedMqttBroker.Settings(
                settings.dataDirectory().resolve("mqtt"),
                settings.mqttPort(),
                settings.mqttCredentials()));
    this.registryPort = Ports.pick(settings.registryPort());
  }

  /** Starts everything and returns once every part answers. */
  public static LocalStack start(Settings settings) {
    LocalStack stack = new LocalStack(settings);
    try {
      // The MQTT broker does not need Kafka: start both at once.
      CompletableFuture<Void> mqttStarted = CompletableFuture.runAsync(stack.mqtt::start);
      stack.kafka.start();
      stack.startRegistry();
      stack.provisionTopics();
      mqttStarted.join();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause
          ? cause
          : e;
    }
  }

  private void startRegistry() {
    Ports.requireFree(registryPort, "the schema registry");
    registry = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), SCHEMAS_TOPIC);
    try {
      registryServer =
          new RegistryHttpServer(
              registry, registryPort, credentials.map(c -> c.username() + ":" + c.password()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the schema registry on port " + registryPort, e);
    }
    log.info("Schema registry ready at {}", registryServer.url());
  }

  private void provisionTopics() {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, Optional.empty()).ensure(Topics.ALL);
    }
  }

  @Override
  public StackAddresses addresses() {
    // Credentials in the URL, as Confluent's basic.auth.credentials.source=URL: every service and
    // client that takes PUMPOPS_SCHEMA_REGISTRY_URL can then write schemas without another setting.
    String login = credentials.map(c -> c.username() + ":" + c.password() + "@").orElse("");
    return new StackAddresses(
        kafka.bootstrapServers(),
        "http://" + login + "127.0.0.1:" + registryPort,
        mqtt.url(),
        mqtt.credentials());
  }

  @Override
  public String kind() {
    return "embedded";
  }

  /** The broker, for tests that stop, kill and restart it. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The MQTT broker, for tests that stop and restart it. */
  public EmbeddedMqttBroker mqtt() {
    return mqtt;
  }

  @Override
  public void close() {
    if (registryServer != null) {
      registryServer.close();
    }
    if (registry != null) {
      registry.close();
    }
    mqtt.close();
    kafka.close();
  }
}
