package io.pumpops.localstack;

import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a catalog topic from the beginning (committed records only) and waits until what it has
 * read satisfies a condition: how the benchmarks follow the loop's events. Plain Java, so that the
 * command line carries no test library; the tests' {@code TopicReader} (local-stack's JUnit
 * fixture) waits on it with Awaitility.
 */
public final class TopicWatch<V extends SpecificRecord> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final Predicate<V> filter;
  private final String topic;
  private final List<V> records = new ArrayList<>();

  public TopicWatch(StackAddresses stack, TopicSpec<V> topic, Predicate<V> filter) {
    this.filter = filter;
    this.topic = topic.name();
    this.consumer =
        ReadCommittedConsumers.open(
            stack.bootstrapServers(),
            Map.of(),
            AvroSerdes.keySerde().deserializer(),
            AvroSerdes.valueSerde(topic, SchemaRegistryClient.of(stack.schemaRegistryUrl()))
                .deserializer());
    List<TopicPartition> partitions = ReadCommittedConsumers.partitions(consumer, topic.name());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads until at least {@code count} matching records were read; fails after {@code atMost}. */
  public List<V> awaitAtLeast(int count, Duration atMost) {
    return awaitUntil(read -> read.size() >= count, atMost);
  }

  /**
   * Reads until the matching records read so far satisfy the condition (checked after each poll, so
   * at least one poll happens); fails after {@code atMost}.
   */
  public List<V> awaitUntil(Predicate<List<V>> done, Duration atMost) {
    Instant deadline = Instant.now().plus(atMost);
    do {
      if (done.test(poll())) {
        return read();
      }
    } while (Instant.now().isBefore(deadline));
    throw new IllegalStateException(
        "not seen on " + topic + " within " + atMost + " (" + records.size() + " records read)");
  }

  /** Polls once (up to 200 ms) and returns every matching record read so far. */
  public List<V> poll() {
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(
            r -> {
              if (filter.test(r.value())) {
                records.add(r.value());
              }
            });
    return read();
  }

  /** Every matching record read so far, without polling. */
  public List<V> read() {
    return List.copyOf(records);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
