package io.pumpops.localstack.junit;

import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * For integration tests: reads a catalog topic from the beginning (read_committed, in offset order
 * per partition), keeps the records a test asks for, and waits, with a bound, until enough arrived.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final List<V> records = new ArrayList<>();
  private final Predicate<V> filter;

  public TopicReader(StackAddresses stack, TopicSpec<V> topic, Predicate<V> filter) {
    this.filter = filter;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            AvroSerdes.keySerde().deserializer(),
            AvroSerdes.valueSerde(topic, SchemaRegistryClient.of(stack.schemaRegistryUrl()))
                .deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic.name())) {
      partitions.add(new TopicPartition(p.topic(), p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until at least {@code count} matching records were read (or fails after the bound). */
  public List<V> awaitAtLeast(int count, Duration atMost) {
    return awaitUntil(read -> read.size() >= count, atMost);
  }

  /**
   * Polls until the matching records read so far satisfy the condition (or fails after the bound).
   */
  public List<V> awaitUntil(Predicate<List<V>> done, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              consumer
                  .poll(Duration.ofMillis(200))
                  .forEach(
                      r -> {
                        if (filter.test(r.value())) {
                          records.add(r.value());
                        }
                      });
              return done.test(records);
            });
    return List.copyOf(records);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
