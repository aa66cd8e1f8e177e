package io.pumpops.schemas.serde;

import io.pumpops.schemas.registry.SchemaRegistryClient;
import java.util.Map;

/** Builds the registry client that a serde configured by Kafka properties uses. */
final class RegistryClients {

  private RegistryClients() {}

  static SchemaRegistryClient fromConfigs(Map<String, ?> configs) {
    SchemaRegistryClient.Config defaults =
        SchemaRegistryClient.Config.of(
            SerdeConfig.required(configs, SerdeConfig.SCHEMA_REGISTRY_URL));
    return new SchemaRegistryClient(
        new SchemaRegistryClient.Config(
            defaults.baseUrl(),
            defaults.connectTimeout(),
            defaults.requestTimeout(),
            defaults.maxRetries(),
            defaults.retryBackoff(),
            SerdeConfig.optional(configs, SerdeConfig.BASIC_AUTH_USER_INFO)
                .or(defaults::basicAuthUserInfo)));
  }
}
