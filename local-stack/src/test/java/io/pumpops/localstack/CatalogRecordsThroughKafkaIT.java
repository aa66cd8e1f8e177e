package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.SampleRecords;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroDeserializer;
import io.pumpops.schemas.serde.AvroSerializer;
import io.pumpops.schemas.serde.SerdeConfig;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every record type travels through its catalog topic with serdes configured the way services
 * configure them (Kafka properties naming the registry), and comes back equal. The topics exist
 * because the stack provisioned the catalog on start.
 */
@ExtendWith(LocalStackExtension.class)
class CatalogRecordsThroughKafkaIT {

  private final StackAddresses stack;

  CatalogRecordsThroughKafkaIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void everyCatalogRecordRoundTripsThroughItsTopic() {
    Map<TopicSpec<?>, SpecificRecord> samples = SampleRecords.oneForEveryTopic();
    String key = "catalog-" + UUID.randomUUID();
    Map<TopicSpec<?>, RecordMetadata> written = new java.util.HashMap<>();
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                AvroSerializer.class,
                SerdeConfig.SCHEMA_REGISTRY_URL,
                stack.schemaRegistryUrl()))) {
      for (Map.Entry<TopicSpec<?>, SpecificRecord> sample : samples.entrySet()) {
        written.put(
            sample.getKey(),
            producer
                .send(new ProducerRecord<>(sample.getKey().name(), key, sample.getValue()))
                .get());
      }
    } catch (Exception e) {
      throw new AssertionError("producing the samples failed", e);
    }

    SchemaRegistryClient registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
    for (Map.Entry<TopicSpec<?>, SpecificRecord> sample : samples.entrySet()) {
      TopicSpec<?> topic = sample.getKey();
      SpecificRecord read = readBack(topic, written.get(topic));
      assertThat(read).as(topic.name()).isEqualTo(sample.getValue());
      assertThat(registry.latest(topic.valueSubject()).schema())
          .as(topic.valueSubject())
          .isEqualTo(sample.getValue().getSchema());
    }
  }

  private SpecificRecord readBack(TopicSpec<?> topic, RecordMetadata at) {
    TopicPartition partition = new TopicPartition(at.topic(), at.partition());
    try (KafkaConsumer<String, SpecificRecord> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                AvroDeserializer.class,
                SerdeConfig.SCHEMA_REGISTRY_URL,
                stack.schemaRegistryUrl(),
                SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                topic.valueType().getName()))) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, at.offset());
      List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
      return records.get(0).value();
    }
  }
}
