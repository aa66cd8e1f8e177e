package io.pumpops.cli;

import io.pumpops.schemas.serde.PlainJson;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pumpops replay}: a topic's range as JSON lines, the way training reads it. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Dumps a range of a catalog topic as JSON lines (partition, offset, timestamp, key, value),",
      "decoded through the schema registry. --from and --to take offsets or ISO-8601 times; --to is",
      "exclusive, as in a model's lineage. Without --to it stops at the end the topic had when it started.",
      "Example: ./pumpops replay --topic pump.telemetry --partition 0 --from 100 --to 200"
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--topic", required = true, description = "Catalog topic, e.g. pump.telemetry.")
  String topic;

  @Option(names = "--partition", description = "Only this partition (default: every one).")
  Integer partition;

  @Option(
      names = "--from",
      description =
          "First offset, or the first record at or after this time (default: the beginning).")
  String from;

  @Option(names = "--to", description = "Offset or time to stop before (default: the end).")
  String to;

  @Mixin KafkaOptions kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<TopicSpec<?>> catalog = Topics.byName(topic);
    if (catalog.isEmpty()) {
      err.println(
          "'"
              + topic
              + "' is not a catalog topic; one of "
              + Topics.ALL.stream().map(TopicSpec::name).toList());
      return 2;
    }
    try {
      long count =
          dump(catalog.get(), TopicRange.Bound.parse(from), TopicRange.Bound.parse(to), out);
      err.println(count + " records");
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (KafkaException e) {
      err.println(
          "Could not read " + topic + " from " + kafka.bootstrapServers + ": " + e.getMessage());
      return 1;
    }
  }

  private <V extends SpecificRecord> long dump(
      TopicSpec<V> spec, TopicRange.Bound start, TopicRange.Bound end, PrintWriter out) {
    return TopicRange.read(
        kafka.bootstrapServers,
        kafka.registryUrl,
        spec,
        partition,
        start,
        end,
        record -> {
          var line =
              ServiceClient.JSON
                  .createObjectNode()
                  .put("partition", record.partition())
                  .put("offset", record.offset())
                  .put("timestamp", java.time.Instant.ofEpochMilli(record.timestamp()).toString())
                  .put("key", record.key());
          line.set("value", PlainJson.toTree(record.value()));
          out.println(line);
        });
  }
}
