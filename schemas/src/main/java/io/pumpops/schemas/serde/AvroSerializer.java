package io.pumpops.schemas.serde;

import io.pumpops.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format, under the subject {@code
 * <topic>-value} (or {@code -key}). The writer schema is registered on first use (or only looked
 * up, with {@code auto.register.schemas=false}) and its id cached by the registry client.
 *
 * @param <T> generated record type
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private SchemaRegistry registry;
  private boolean isKey;
  private boolean autoRegister = true;

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public AvroSerializer() {}

  /**
   * @param registry where schemas are registered
   * @param isKey whether this serializes record keys (subject {@code <topic>-key})
   * @param autoRegister whether to register a schema the subject lacks, or fail
   */
  public AvroSerializer(SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.registry = registry;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister =
        Boolean.parseBoolean(
            SerdeConfig.optional(configs, SerdeConfig.AUTO_REGISTER_SCHEMAS).orElse("true"));
    if (registry == null) {
      registry = RegistryClients.fromConfigs(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure(): no schema registry");
    }
    Schema schema = record.getSchema();
    String subject = Subjects.of(topic, isKey);
    int schemaId =
        autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
    return WireFormat.frame(schemaId, encode(topic, record, schema));
  }

  private static <T extends SpecificRecord> byte[] encode(String topic, T record, Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<T>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not encode "
              + schema.getFullName()
              + " for topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }
}
