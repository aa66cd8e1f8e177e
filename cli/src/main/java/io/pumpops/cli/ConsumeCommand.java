package io.pumpops.cli;

import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.serde.PlainJson;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pumpops consume <topic>}: prints a catalog topic's records as JSON lines, decoded through
 * the registry.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the records of a catalog topic as JSON lines (one per record, with partition, offset",
      "and key), reading from the beginning. Example: ./pumpops consume pump.telemetry --max 5"
    })
final class ConsumeCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      description = "Topic name, one of the catalog's (for example pump.telemetry).")
  String topic;

  @Option(
      names = "--max",
      defaultValue = "20",
      description = "Stop after this many records (default: ${DEFAULT-VALUE}).")
  int max;

  @Option(
      names = "--wait",
      defaultValue = "PT5S",
      description = "Stop when nothing arrives for this long (default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    Optional<TopicSpec<?>> spec = Topics.byName(topic);
    if (spec.isEmpty()) {
      System.err.println(
          "'"
              + topic
              + "' is not a catalog topic; one of "
              + Topics.ALL.stream().map(TopicSpec::name).toList());
      return 2;
    }
    return consume(spec.get(), System.out);
  }

  private <V extends SpecificRecord> int consume(TopicSpec<V> spec, PrintStream out) {
    try (KafkaConsumer<String, V> consumer =
        ReadCommittedConsumers.open(
            kafka.bootstrapServers,
            Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
            AvroSerdes.keySerde().deserializer(),
            AvroSerdes.valueSerde(spec, SchemaRegistryClient.of(kafka.registryUrl))
                .deserializer())) {
      List<TopicPartition> partitions = ReadCommittedConsumers.partitions(consumer, spec.name());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int printed = 0;
      Instant lastArrival = Instant.now();
      while (printed < max && Duration.between(lastArrival, Instant.now()).compareTo(idle) < 0) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(250))) {
          if (printed++ >= max) {
            break;
          }
          lastArrival = Instant.now();
          out.printf(
              "{\"partition\":%d,\"offset\":%d,\"key\":\"%s\",\"value\":%s}%n",
              record.partition(), record.offset(), record.key(), PlainJson.toJson(record.value()));
        }
      }
      return 0;
    } catch (org.apache.kafka.common.KafkaException e) {
      System.err.println(
          "Could not read "
              + spec.name()
              + " from "
              + kafka.bootstrapServers
              + ": "
              + e.getMessage());
      return 1;
    }
  }
}
