package io.pumpops.localstack;

import java.util.Optional;

/**
 * Where a running stack is: what services and tests need to connect.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port}
 * @param schemaRegistryUrl base URL of the Confluent-compatible schema registry
 * @param mqttUrl MQTT broker URL, {@code tcp://host:port}
 * @param mqttCredentials what MQTT clients must present; empty when the broker is anonymous
 */
public record StackAddresses(String bootstrapServers, String schemaRegistryUrl, String mqttUrl,
                             Optional<MqttCredentials> mqttCredentials) {
}
