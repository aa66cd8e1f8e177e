package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it honest: every service of
 * the {@link ServiceCatalog} is in it, built from the catalog's module and main class and published
 * on its port; every address a service points at is a compose service on a port it listens on;
 * every setting whose default only works on one machine (localhost addresses) is overridden;
 * dependencies wait on health checks that exist; and the files the brokers mount are there.
 */
class DockerComposeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> SERVICES =
      ServiceCatalog.all().stream().map(ServiceCatalog.Service::name).toList();
  private static final Pattern ADDRESS = Pattern.compile("^(?:[a-z]+://)?([a-z][a-z0-9-]*):(\\d+)");

  private final Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
  private final Map<String, Map<String, Object>> services = map(compose.get("services"));

  @Test
  void everyServiceOfTheCatalogIsBuiltFromItsModuleAndMainClassAndPublishesItsPort() {
    assertThat(services.keySet()).containsAll(SERVICES);
    for (ServiceCatalog.Service entry : ServiceCatalog.all()) {
      Map<String, Object> service = services.get(entry.name());
      Map<String, Object> build = map(service.get("build"));
      assertThat(ROOT.resolve((String) build.get("dockerfile")))
          .as(entry.name() + " Dockerfile")
          .isRegularFile();
      Map<String, Object> args = map(build.get("args"));
      assertThat(args)
          .as(entry.name() + " build arguments")
          .containsEntry("MODULE", entry.module())
          .containsEntry("MAIN_CLASS", entry.mainClass());
      assertThat((List<?>) service.get("ports"))
          .as(entry.name() + " ports")
          .map(String::valueOf)
          .anyMatch(p -> p.endsWith(":" + entry.port()));
    }
  }

  @Test
  void everyAddressIsAComposeServiceOnAPortItListensOn() {
    Map<String, Integer> listens =
        new LinkedHashMap<>(Map.of("kafka", 9092, "schema-registry", 8081, "mosquitto", 1883));
    for (ServiceCatalog.Service entry : ServiceCatalog.all()) {
      listens.put(entry.name(), entry.port());
    }
    List<String> checked = new ArrayList<>();
    services.forEach(
        (name, service) ->
            environment(service)
                .forEach(
                    (key, value) -> {
                      Matcher address = ADDRESS.matcher(String.valueOf(value));
                      if (key.startsWith("PUMPOPS_")
                          && address.find()
                          && !key.endsWith("_TOKENS")) {
                        String host = address.group(1);
                        int port = Integer.parseInt(address.group(2));
                        assertThat(services)
                            .as(name + " " + key + " points at " + host)
                            .containsKey(host);
                        assertThat(port)
                            .as(name + " " + key + " port of " + host)
                            .isEqualTo(listens.get(host));
                        checked.add(name + "." + key);
                      }
                    }));
    assertThat(checked).as("addresses checked").hasSizeGreaterThan(10);
  }

  @Test
  void everySettingWhoseDefaultIsLocalhostIsSet() {
    for (String name : SERVICES) {
      Path yml = ROOT.resolve(name).resolve("src/main/resources/application.yml");
      if (!Files.exists(yml)) {
        continue; // edge-gateway reads PUMPOPS_EDGE_* only; checked below
      }
      Map<String, Object> environment = environment(services.get(name));
      flatten("", yaml(yml))
          .forEach(
              (key, value) -> {
                if (key.startsWith("pumpops.") && String.valueOf(value).contains("127.0.0.1")) {
                  String variable = key.toUpperCase().replace('.', '_').replace('-', '_');
                  assertThat(environment)
                      .as(name + " must set " + variable + " (default " + value + ")")
                      .containsKey(variable);
                }
              });
    }
    assertThat(environment(services.get("edge-gateway")))
        .containsKeys(
            "PUMPOPS_EDGE_GATEWAY_ID",
            "PUMPOPS_EDGE_SITE_ID",
            "PUMPOPS_EDGE_SITE_MQTT_URL",
            "PUMPOPS_EDGE_UPLINK_MQTT_URL");
  }

  @Test
  void dependenciesWaitOnHealthChecksThatExistAndMountedFilesAreThere() {
    services.forEach(
        (name, service) -> {
          Object dependsOn = service.get("depends_on");
          if (dependsOn instanceof Map<?, ?> conditions) {
            conditions.forEach(
                (dependency, condition) -> {
                  assertThat(services)
                      .as(name + " depends on " + dependency)
                      .containsKey((String) dependency);
                  if ("service_healthy".equals(map(condition).get("condition"))) {
                    assertThat(services.get(dependency))
                        .as(dependency + " needs a healthcheck")
                        .containsKey("healthcheck");
                  }
                });
          }
          Object volumes = service.get("volumes");
          if (volumes instanceof List<?> list) {
            list.stream()
                .map(String::valueOf)
                .filter(v -> v.startsWith("./"))
                .forEach(
                    v ->
                        assertThat(ROOT.resolve(v.substring(2, v.indexOf(':'))))
                            .as(name + " mounts")
                            .exists());
          }
        });
    for (String name : SERVICES) {
      assertThat(services.get(name)).as(name + " health check").containsKey("healthcheck");
    }
  }

  /**
   * docker-compose.production.yml, merged over this file by compose: three brokers in one KRaft
   * quorum, three replicas and two in sync for every topic, every client pointed at all three, and
   * two instances of each service that shares its work over Kafka.
   */
  @Test
  void theProductionProfileRunsThreeBrokersReplicatesThriceAndScalesTheSharingServices()
      throws IOException {
    // Compose's !reset tag (drop the base file's value) means "empty" here.
    Map<String, Object> production =
        new Yaml()
            .load(
                Files.readString(ROOT.resolve("docker-compose.production.yml"))
                    .replace("!reset ", ""));
    Map<String, Map<String, Object>> overrides = map(production.get("services"));
    String voters = "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093";
    List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
    List<Object> clusterIds = new ArrayList<>();
    for (int i = 0; i < brokers.size(); i++) {
      Map<String, Object> broker =
          merged(services.get(brokers.get(i)), overrides.get(brokers.get(i)));
      Map<String, Object> environment = environment(broker);
      assertThat(broker).as(brokers.get(i)).containsKeys("image", "healthcheck");
      assertThat(environment)
          .as(brokers.get(i))
          .containsEntry("KAFKA_NODE_ID", i + 1)
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + brokers.get(i) + ":9092")
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3)
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3)
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 2);
      clusterIds.add(environment.get("CLUSTER_ID"));
    }
    assertThat(clusterIds).doesNotContainNull().containsOnly(clusterIds.get(0));

    List<String> clients = new ArrayList<>();
    services.forEach(
        (name, service) -> {
          if (environment(service).containsKey("PUMPOPS_KAFKA_BOOTSTRAP_SERVERS")) {
            clients.add(name);
            assertThat(overrides).as(name + " is a Kafka client").containsKey(name);
            assertThat(environment(overrides.get(name)))
                .as(name + " bootstrap servers")
                .containsEntry(
                    "PUMPOPS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092,kafka-2:9092,kafka-3:9092");
          }
        });
    assertThat(clients).hasSizeGreaterThanOrEqualTo(8);
    assertThat(
            String.valueOf(
                environment(overrides.get("schema-registry"))
                    .get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")))
        .contains("kafka:9092", "kafka-2:9092", "kafka-3:9092");

    for (String scaled : List.of("ingest-service", "feature-stream", "drift-service")) {
      Map<String, Object> override = overrides.get(scaled);
      assertThat(map(override.get("deploy"))).as(scaled).containsEntry("replicas", 2);
      assertThat((List<?>) override.get("ports")).as(scaled + " publishes no host port").isEmpty();
    }
    assertThat(environment(overrides.get("ingest-service")))
        .containsEntry("PUMPOPS_MQTT_PROTOCOL_VERSION", 5)
        .containsEntry("PUMPOPS_MQTT_CLIENT_ID", "ingest-{host}");
    assertThat(map(production.get("volumes"))).containsKeys("kafka-2-data", "kafka-3-data");
  }

  /** A service as compose merges an override over it: maps merge key by key, the rest replaces. */
  private static Map<String, Object> merged(
      Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> result = new LinkedHashMap<>(base == null ? Map.of() : base);
    override.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> && result.get(key) instanceof Map<?, ?>) {
            Map<String, Object> both = new LinkedHashMap<>(map(result.get(key)));
            both.putAll(map(value));
            result.put(key, both);
          } else {
            result.put(key, value);
          }
        });
    return result;
  }

  private static Map<String, Object> environment(Map<String, Object> service) {
    Object environment = service.get("environment");
    return environment == null ? Map.of() : map(environment);
  }

  static Map<String, Object> flatten(String prefix, Map<String, Object> tree) {
    Map<String, Object> flat = new LinkedHashMap<>();
    tree.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?>) {
            flat.putAll(flatten(path, map(value)));
          } else {
            flat.put(path, value);
          }
        });
    return flat;
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> map(Object value) {
    return (Map<String, V>) value;
  }

  static Map<String, Object> yaml(Path file) {
    try {
      return new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
