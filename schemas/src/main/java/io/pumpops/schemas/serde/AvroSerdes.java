package io.pumpops.schemas.serde;

import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of the catalog's topics: string keys, Avro values in the Confluent wire format. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** The value serde of a catalog topic, registering schemas on first use. */
  public static <V extends SpecificRecord> Serde<V> valueSerde(
      TopicSpec<V> topic, SchemaRegistry registry) {
    return valueSerde(topic.valueType(), registry);
  }

  /** A value serde for a generated class. */
  public static <V extends SpecificRecord> Serde<V> valueSerde(
      Class<V> type, SchemaRegistry registry) {
    return Serdes.serdeFrom(
        new AvroSerializer<>(registry, false, true), new AvroDeserializer<>(registry, type));
  }

  /** The key serde of every catalog topic: UTF-8 strings. */
  public static Serde<String> keySerde() {
    return Serdes.String();
  }
}
