package io.pumpops.localstack;

import io.pumpops.schemas.topics.TopicProvisioner;
import io.pumpops.schemas.topics.Topics;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same stack on Docker, for machines that have an engine: Apache Kafka (KRaft), Confluent's own
 * Schema Registry and Eclipse Mosquitto with password authentication. Selected with {@code
 * -Dstack=containers}; the image versions match docker-compose.yml.
 */
public final class ContainersStack implements Stack {

  public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
  public static final String SCHEMA_REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.9.1";
  public static final String MOSQUITTO_IMAGE = "eclipse-mosquitto:2.0.22";

  private final Network network;
  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;
  private final GenericContainer<?> mosquitto;
  private final MqttCredentials credentials = MqttCredentials.DEVELOPMENT;

  private ContainersStack() {
    network = Network.newNetwork();
    kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener("kafka:19092");
    registry =
        new GenericContainer<>(SCHEMA_REGISTRY_IMAGE)
            .withNetwork(network)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .dependsOn(kafka)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    mosquitto =
        new GenericContainer<>(MOSQUITTO_IMAGE)
            .withExposedPorts(1883)
            .withCopyToContainer(
                Transferable.of(
                    """
            listener 1883
            allow_anonymous false
            password_file /mosquitto/passwd
            persistence true
            persistence_location /mosquitto/data/
            max_queued_messages 10000000
            """),
                "/mosquitto/config/mosquitto.conf")
            .withCommand(
                "sh",
                "-c",
                "mosquitto_passwd -c -b /mosquitto/passwd "
                    + credentials.username()
                    + " "
                    + credentials.password()
                    + " && chown mosquitto:mosquitto /mosquitto/passwd"
                    + " && chmod 0700 /mosquitto/passwd && exec mosquitto -c /mosquitto/config/mosquitto.conf")
            .waitingFor(Wait.forListeningPort());
  }

  /** Whether a Docker engine answers; without one, container tests skip. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Starts the containers; the caller has checked {@link #dockerAvailable()}. */
  public static ContainersStack start() {
    ContainersStack stack = new ContainersStack();
    try {
      stack.kafka.start();
      stack.registry.start();
      stack.mosquitto.start();
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.getBootstrapServers()))) {
        new TopicProvisioner(admin, Optional.empty()).ensure(Topics.ALL);
      }
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  @Override
  public StackAddresses addresses() {
    return new StackAddresses(
        kafka.getBootstrapServers(),
        "http://" + registry.getHost() + ":" + registry.getMappedPort(8081),
        "tcp://" + mosquitto.getHost() + ":" + mosquitto.getMappedPort(1883),
        Optional.of(credentials));
  }

  @Override
  public String kind() {
    return "containers";
  }

  @Override
  public void close() {
    mosquitto.stop();
    registry.stop();
    kafka.stop();
    network.close();
  }
}
