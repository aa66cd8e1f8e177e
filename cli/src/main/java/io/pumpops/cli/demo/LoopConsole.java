package io.pumpops.cli.demo;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.events.LoopEvents;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Prints each loop event as it happens, one line each, from the topics' current ends (what happened
 * before this run is on the dashboard).
 */
final class LoopConsole implements AutoCloseable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
  private final PrintStream out;
  private final Thread thread;
  private volatile boolean running = true;

  LoopConsole(String bootstrapServers, SchemaRegistry registry, PrintStream out) {
    this.out = out;
    this.consumer = ReadCommittedConsumers.open(bootstrapServers);
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicSpec<?> topic : LoopEvents.TOPICS) {
      deserializers.put(topic.name(), AvroSerdes.valueSerde(topic, registry).deserializer());
      partitions.addAll(
          ReadCommittedConsumers.partitions(consumer, topic.name(), Duration.ofSeconds(30)));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(
        consumer::position); // fix the start now, before anything of this run is written
    this.thread = new Thread(this::loop, "loop-console");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          SpecificRecord value;
          try {
            value =
                deserializers
                    .get(record.topic())
                    .deserialize(record.topic(), record.headers(), record.value());
          } catch (KafkaException | IllegalArgumentException e) {
            out.printf(
                "%s  %-16s (undecodable record at %s-%d@%d: %s)%n",
                TIME.format(Instant.now()),
                "?",
                record.topic(),
                record.partition(),
                record.offset(),
                e.getMessage());
            continue;
          }
          if (value instanceof TrainingRun run
              && !run.getStep().toString().equals("run")
              && run.getStatus() != StepStatus.FAILED) {
            // a run's steps are on the dashboard; here, its start, its end and any failure
            continue;
          }
          LoopEvents.describe(value)
              .ifPresent(
                  line ->
                      out.printf(
                          "%s  %-16s %s%n",
                          TIME.format(Instant.now()), line.kind(), line.summary()));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
