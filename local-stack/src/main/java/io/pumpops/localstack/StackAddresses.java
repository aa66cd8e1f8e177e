package io.pumpops.localstack;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a running stack is: what services and tests need to connect.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port}
 * @param schemaRegistryUrl base URL of the Confluent-compatible schema registry
 * @param mqttUrl MQTT broker URL, {@code tcp://host:port}
 * @param mqttCredentials what MQTT clients must present; empty when the broker is anonymous
 */
public record StackAddresses(
    String bootstrapServers,
    String schemaRegistryUrl,
    String mqttUrl,
    Optional<MqttCredentials> mqttCredentials) {

  /**
   * What every PumpOps service needs to reach this stack, as the environment variables its
   * application.yml reads; a new, mutable map for the caller to add the service's own settings to.
   * An anonymous broker gets empty credentials, which override the services' development defaults.
   */
  public Map<String, String> serviceEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("PUMPOPS_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("PUMPOPS_SCHEMA_REGISTRY_URL", schemaRegistryUrl);
    env.put("PUMPOPS_MQTT_URL", mqttUrl);
    env.put("PUMPOPS_MQTT_USERNAME", mqttCredentials.map(MqttCredentials::username).orElse(""));
    env.put("PUMPOPS_MQTT_PASSWORD", mqttCredentials.map(MqttCredentials::password).orElse(""));
    // A development stack: the services' development profile (application-dev.yml) supplies the
    // write tokens they would otherwise refuse to start without.
    env.put("MICRONAUT_ENVIRONMENTS", "dev");
    return env;
  }
}
