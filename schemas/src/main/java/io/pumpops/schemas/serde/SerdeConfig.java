package io.pumpops.schemas.serde;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration keys of our serdes. The names are the ones Confluent's serdes use, so an existing
 * client configuration carries over.
 */
public final class SerdeConfig {

  /** Base URL of the schema registry, for example {@code http://localhost:8081}. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Whether the serializer registers a schema the subject does not have yet. Default true. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** {@code user:password} for a registry behind HTTP basic auth. Optional. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Fully qualified generated class the value deserializer reads into. Optional. */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  /** Fully qualified generated class the key deserializer reads into. Optional. */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  private SerdeConfig() {}

  static String required(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("Missing serde configuration '" + key + "'");
    }
    return value.toString();
  }

  static Optional<String> optional(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    return value == null || value.toString().isBlank()
        ? Optional.empty()
        : Optional.of(value.toString());
  }
}
