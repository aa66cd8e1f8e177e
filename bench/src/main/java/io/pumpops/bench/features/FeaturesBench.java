package io.pumpops.bench.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.featurestream.FeatureStreamApp;
import io.pumpops.featurestream.FeatureTopology;
import io.pumpops.localstack.LocalStack;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SyntheticPump;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench features}: feature-stream's topology (exactly-once, windowed per pump, drift
 * windows, data-arrived) against a bare consume → deserialize → serialize → produce loop over the
 * same Avro telemetry on the same broker, in one run, each twice, alternating.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description =
        "feature-stream records/s versus a bare consume-produce loop on the same telemetry, same broker, same run.")
public final class FeaturesBench implements Callable<Integer> {

  @Option(
      names = "--pumps",
      defaultValue = "50",
      description = "synthetic pumps (default ${DEFAULT-VALUE})")
  int pumps;

  @Option(
      names = "--readings",
      defaultValue = "200000",
      description = "readings in all (default ${DEFAULT-VALUE})")
  int readings;

  @Mixin ResultsFolder results;

  @Override
  public Integer call() throws Exception {
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path work = Files.createTempDirectory("pumpops-bench-features");
    console.printf("starting the embedded stack in %s ...%n", work);
    try (LocalStack stack =
        LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")))) {
      String bootstrap = stack.addresses().bootstrapServers();
      SchemaRegistry registry = SchemaRegistryClient.of(stack.addresses().schemaRegistryUrl());
      Serde<PumpReading> serde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry);
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(new NewTopic("bench.passthrough", Optional.empty(), Optional.empty())))
            .all()
            .get();
      }
      int perPump = Math.max(1, readings / pumps);
      long total = (long) perPump * pumps;
      console.printf(
          "producing %d readings of %d pumps to %s ...%n",
          total, pumps, Topics.PUMP_TELEMETRY.name());
      double produceRate = produce(bootstrap, serde, perPump);
      console.printf("  raw producer: %.0f readings/s (Avro, acks=all, idempotent)%n", produceRate);

      double[] bare = new double[2];
      double[] streams = new double[2];
      long[] dropped = new long[2];
      long[] deadLettered = new long[2];
      for (int round = 0; round < 2; round++) {
        bare[round] = bareLoop(bootstrap, serde, total, "bench-bare-" + round);
        console.printf(
            "  round %d  bare consume→produce: %.0f readings/s%n", round + 1, bare[round]);
        StreamsResult result =
            featureStream(
                bootstrap,
                registry,
                total,
                "bench-features-" + round,
                work.resolve("streams-" + round));
        streams[round] = result.perSecond();
        dropped[round] = result.dropped();
        deadLettered[round] = result.deadLettered();
        console.printf(
            "  round %d  feature-stream:       %.0f readings/s (%d records dropped by closed windows,"
                + " %d dead-lettered)%n",
            round + 1, streams[round], dropped[round], deadLettered[round]);
      }
      double bareBest = Math.max(bare[0], bare[1]);
      double streamsBest = Math.max(streams[0], streams[1]);
      console.printf("%n%-34s %12s%n", "", "readings/s");
      console.printf("%-34s %12.0f%n", "raw producer (Avro)", produceRate);
      console.printf("%-34s %12.0f%n", "bare consume→produce (best of 2)", bareBest);
      console.printf("%-34s %12.0f%n", "feature-stream (best of 2)", streamsBest);
      console.printf("feature-stream / bare loop: %.2f%n", streamsBest / bareBest);

      ObjectNode json =
          report.start(
              "features", "pumpops bench features --pumps " + pumps + " --readings " + readings);
      json.put("readings", total);
      json.put("pumps", pumps);
      json.put("producerPerSecond", Math.round(produceRate));
      json.putPOJO("barePerSecond", new long[] {Math.round(bare[0]), Math.round(bare[1])});
      json.putPOJO(
          "featureStreamPerSecond", new long[] {Math.round(streams[0]), Math.round(streams[1])});
      json.put("ratioFeatureStreamToBare", streamsBest / bareBest);
      json.putPOJO("featureStreamDroppedRecords", dropped);
      json.putPOJO("featureStreamDeadLetters", deadLettered);
      json.put(
          "note",
          "feature-stream runs exactly-once with windowed state and changelogs; the bare loop is "
              + "at-least-once with no state. Both deserialize and serialize Avro through the schema registry client.");
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("round 1", new double[] {produceRate, bare[0], streams[0]});
      series.put("round 2", new double[] {Double.NaN, bare[1], streams[1]});
      report.finish(
          "features",
          json,
          new BarChart(
              "Telemetry throughput on one embedded broker (readings/s)",
              "readings/s",
              List.of("raw producer", "bare consume→produce", "feature-stream"),
              series));
    }
    return 0;
  }

  private double produce(String bootstrap, Serde<PumpReading> serde, int perPump) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<SyntheticPump> fleet = new ArrayList<>();
    for (int p = 1; p <= pumps; p++) {
      fleet.add(
          new SyntheticPump(
              "bench",
              "bench-pump-" + p,
              start,
              Duration.ofSeconds(1),
              List.of(),
              p,
              Optional.empty()));
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    long sent = 0;
    long started = System.nanoTime();
    try (KafkaProducer<String, PumpReading> producer =
        new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
      for (int i = 0; i < perPump; i++) {
        for (SyntheticPump pump : fleet) {
          PumpReading reading = pump.next().toPumpReading(start.plusSeconds(i));
          producer.send(
              new ProducerRecord<>(
                  Topics.PUMP_TELEMETRY.name(),
                  null,
                  reading.getEventTime().toEpochMilli(),
                  reading.getPumpId().toString(),
                  reading));
          sent++;
        }
      }
      producer.flush();
    }
    return sent / ((System.nanoTime() - started) / 1e9);
  }

  /**
   * feature-stream's rate, the records its windows dropped as too late (Kafka Streams'
   * dropped-records), and the dead letters it wrote (late or conflicting readings, set apart with
   * their pump rather than dropped).
   */
  private record StreamsResult(double perSecond, long dropped, long deadLettered) {}

  /** Consume, deserialize, serialize, produce, commit: the least a stream processor must do. */
  private static double bareLoop(
      String bootstrap, Serde<PumpReading> serde, long total, String group) {
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            2000);
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    long seen = 0;
    long first = 0;
    try (KafkaConsumer<String, PumpReading> consumer =
            ReadCommittedConsumers.open(
                bootstrap, consumerConfig, new StringDeserializer(), serde.deserializer());
        KafkaProducer<String, PumpReading> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
      consumer.subscribe(List.of(Topics.PUMP_TELEMETRY.name()));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (seen < total && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        if (first == 0) {
          first = System.nanoTime();
        }
        for (ConsumerRecord<String, PumpReading> record : records) {
          producer.send(new ProducerRecord<>("bench.passthrough", record.key(), record.value()));
          seen++;
        }
        producer.flush();
        consumer.commitSync();
      }
    }
    if (seen < total) {
      throw new IllegalStateException(
          "the bare loop saw " + seen + " of " + total + " readings in 5 minutes");
    }
    return total / ((System.nanoTime() - first) / 1e9);
  }

  /**
   * feature-stream as the service runs it, from the first reading it takes to the moment its group
   * has committed them all (polled every 100 ms: the rate is good to a few percent at 200,000
   * readings).
   */
  private static StreamsResult featureStream(
      String bootstrap, SchemaRegistry registry, long total, String applicationId, Path state)
      throws Exception {
    FeatureSpec spec = FeatureSpec.PUMP_V1;
    FeatureTopology.Config config =
        new FeatureTopology.Config(
            spec,
            Duration.ofMinutes(1),
            new FeatureTopology.DataArrivedPolicy(10_000, Duration.ofSeconds(30)),
            DriftMonitoring.defaults(spec),
            Duration.ofMinutes(10));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        FeatureStreamApp app =
            new FeatureStreamApp(
                // One stream thread, like the bare loop it is compared with (production runs two).
                new FeatureStreamApp.Settings(
                    bootstrap, applicationId, state, config, Duration.ofMillis(100), 1),
                registry)) {
      long letters = endOffsets(admin, Topics.DEAD_LETTERS.name());
      app.start();
      long first = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        long committed = committed(admin, applicationId);
        if (committed > 0 && first == 0) {
          first = System.nanoTime();
        }
        if (committed >= total) {
          double rate = total / ((System.nanoTime() - first) / 1e9);
          return new StreamsResult(
              rate, app.droppedRecords(), endOffsets(admin, Topics.DEAD_LETTERS.name()) - letters);
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(
          "feature-stream did not take all " + total + " readings in 10 minutes");
    }
  }

  /**
   * The sum of a topic's end offsets (only feature-stream writes the dead letters in this
   * benchmark).
   */
  private static long endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
        new java.util.HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .forEach(
            p ->
                latest.put(
                    new TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.PUMP_TELEMETRY.name()))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }
}
