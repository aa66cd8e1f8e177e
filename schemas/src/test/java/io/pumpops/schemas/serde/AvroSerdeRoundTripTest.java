package io.pumpops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.schemas.SampleRecords;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(1);

  @Test
  void everyTopicsValueTypeSurvivesARoundTrip() {
    Map<TopicSpec<?>, SpecificRecord> samples = SampleRecords.oneForEveryTopic();
    assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);

    samples.forEach(
        (topic, record) -> assertThat(roundTrip(topic, record)).as(topic.name()).isEqualTo(record));
  }

  private <V extends SpecificRecord> V roundTrip(TopicSpec<V> topic, SpecificRecord record) {
    V value = topic.valueType().cast(record);
    try (Serde<V> serde = AvroSerdes.valueSerde(topic, registry)) {
      byte[] bytes = serde.serializer().serialize(topic.name(), value);
      return serde.deserializer().deserialize(topic.name(), bytes);
    }
  }

  @Test
  void nullIsATombstoneBothWays() {
    try (Serde<PumpReading> serde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry)) {
      assertThat(serde.serializer().serialize("pump.telemetry", null)).isNull();
      assertThat(serde.deserializer().deserialize("pump.telemetry", null)).isNull();
    }
  }

  @Test
  void readingARecordOfAnUnrelatedTypeFailsWithAClearError() {
    byte[] reading;
    try (Serde<PumpReading> serde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry)) {
      reading = serde.serializer().serialize("pump.telemetry", SampleRecords.pumpReading("p", 1));
    }
    AvroDeserializer<PumpFeatures> wrong = new AvroDeserializer<>(registry, PumpFeatures.class);

    assertThatThrownBy(() -> wrong.deserialize("pump.telemetry", reading))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("pump.telemetry")
        .hasMessageContaining("PumpFeatures");
  }

  @Test
  void serdeConfiguredByKafkaPropertiesNeedsARegistryUrl() {
    AvroSerializer<PumpReading> serializer = new AvroSerializer<>();

    assertThatThrownBy(() -> serializer.configure(Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SerdeConfig.SCHEMA_REGISTRY_URL);
  }
}
