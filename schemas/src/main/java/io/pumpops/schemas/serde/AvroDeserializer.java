package io.pumpops.schemas.serde;

import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format records into a generated Avro class. The writer's schema is fetched
 * by the id in the record (and cached); Avro's schema resolution then maps it onto the reader's
 * schema, the one the class was generated from, so a consumer reads records written with an older
 * or newer compatible schema.
 *
 * @param <T> generated record type to read into
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private SchemaRegistry registry;
  private Class<T> type;
  private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public AvroDeserializer() {}

  /**
   * @param registry where writer schemas are looked up by id
   * @param type generated class to read into; its schema is the reader schema
   */
  public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
    this.registry = registry;
    this.type = type;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = RegistryClients.fromConfigs(configs);
    }
    if (type == null) {
      String className =
          SerdeConfig.required(
              configs,
              isKey ? SerdeConfig.SPECIFIC_AVRO_KEY_TYPE : SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
      try {
        type = (Class<T>) Class.forName(className);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            "Deserializer type " + className + " is not on the classpath", e);
      }
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (registry == null || type == null) {
      throw new IllegalStateException(
          "AvroDeserializer used before configure(): no registry or type");
    }
    WireFormat.Framed framed = WireFormat.unframe(topic, bytes);
    SpecificDatumReader<T> reader = readerFor(topic, framed.schemaId());
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                framed.avroBody().array(),
                framed.avroBody().arrayOffset() + framed.avroBody().position(),
                framed.avroBody().remaining(),
                null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not decode record on topic "
              + topic
              + " written with schema id "
              + framed.schemaId()
              + " as "
              + type.getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private SpecificDatumReader<T> readerFor(String topic, int schemaId) {
    return readersByWriterId.computeIfAbsent(
        schemaId,
        id -> {
          Schema writer;
          try {
            writer = registry.schemaById(id);
          } catch (SchemaRegistryException e) {
            throw new SerializationException(
                "Could not get writer schema id "
                    + id
                    + " for a record on topic "
                    + topic
                    + ": "
                    + e.getMessage(),
                e);
          }
          Schema reader = SpecificData.get().getSchema(type);
          try {
            return new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(type));
          } catch (AvroTypeException e) {
            throw new SerializationException(
                "Writer schema id "
                    + id
                    + " on topic "
                    + topic
                    + " cannot be read as "
                    + type.getName()
                    + ": "
                    + e.getMessage(),
                e);
          }
        });
  }
}
