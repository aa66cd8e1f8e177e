package io.pumpops.localstack;

import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicSpec;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records to a catalog topic of a running stack the way services do (string keys, the
 * topic's Avro value serde on the stack's schema registry, every replica acknowledging): how tests
 * and benchmarks put events into the loop. The counterpart of {@link TopicWatch}.
 */
public final class TopicWriter {

  private TopicWriter() {}

  /** A producer for {@code topic}; the caller closes it. */
  public static <V extends SpecificRecord> KafkaProducer<String, V> producer(
      StackAddresses stack, TopicSpec<V> topic) {
    Serializer<V> values =
        AvroSerdes.valueSerde(topic, SchemaRegistryClient.of(stack.schemaRegistryUrl()))
            .serializer();
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        AvroSerdes.keySerde().serializer(),
        values);
  }
}
