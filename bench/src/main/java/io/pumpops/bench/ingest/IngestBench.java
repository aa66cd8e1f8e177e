package io.pumpops.bench.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.memory.ProcessMemory;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.Percentiles;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.ServiceCatalog;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench ingest}: simulated sensors publish QoS 1 to the embedded MQTT broker as fast
 * as it acknowledges; ingest-service instances (child JVMs, as in production, sharing one MQTT 5
 * shared subscription) validate and write to {@code pump.telemetry}. For 1, 2 and 4 instances it
 * measures the readings/s landing there while the sensors saturate it, then the end-to-end latency
 * percentiles with the sensors paced at 50 % and 100 % of that peak. In the same run, a plain Kafka
 * producer writes the same Avro records with ingest's producer settings to the same broker: the
 * ceiling ingest is compared with. It also reads each JVM's peak RSS.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "MQTT QoS 1 sensors at full speed through ingest-service into pump.telemetry: peak readings/s, "
            + "end-to-end latency p50/p99/p999 at 50%% and 100%% of peak, the raw Kafka producer rate for the same "
            + "records in the same run, for 1, 2 and 4 ingest instances (shared subscription), and peak RSS.")
public final class IngestBench implements Callable<Integer> {

  private static final String RAW_TOPIC = "bench.raw-telemetry";
  private static final List<String> SITES =
      List.of("bench-site-1", "bench-site-2", "bench-site-3", "bench-site-4");

  @Option(
      names = "--sensors",
      defaultValue = "100",
      description = "simulated sensors, one MQTT client each (default ${DEFAULT-VALUE})")
  int sensors;

  @Option(
      names = "--window",
      defaultValue = "10",
      description = "unacknowledged QoS 1 messages per sensor (default ${DEFAULT-VALUE})")
  int window;

  @Option(
      names = "--phase",
      defaultValue = "PT15S",
      description = "how long each load phase publishes (default ${DEFAULT-VALUE})")
  Duration phase;

  @Option(
      names = "--warm-up",
      defaultValue = "PT3S",
      description =
          "the start of each paced phase left out of its latencies (default ${DEFAULT-VALUE})")
  Duration warmUp;

  @Option(
      names = "--instances",
      split = ",",
      defaultValue = "1,2,4",
      description = "ingest instance counts to measure (default ${DEFAULT-VALUE})")
  List<Integer> instances;

  @Option(
      names = "--mqtt-version",
      defaultValue = "5",
      description =
          "ingest's MQTT version: 5 (shared subscription) "
              + "or 3 (MQTT 3.1.1, plain subscription: one instance only) (default ${DEFAULT-VALUE})")
  int mqttVersion;

  @Mixin ResultsFolder results;

  /** One instance count's figures. */
  private record Scale(
      int instances,
      double peakPerSecond,
      double publishedPerSecond,
      double landedWhilePublishing,
      Map<String, long[]> latencies,
      Map<String, Double> pacedLandedPerSecond,
      long lost,
      long duplicates,
      long rejected,
      List<Double> peakRssMb) {}

  @Override
  public Integer call() throws Exception {
    if (sensors < 1
        || window < 1
        || instances.stream().anyMatch(n -> n < 1)
        || phase.compareTo(warmUp) <= 0) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--sensors, --window and every --instances count must be at least 1, and --phase longer than --warm-up");
    }
    if (mqttVersion != 5 && (mqttVersion != 3 || instances.stream().anyMatch(n -> n > 1))) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--mqtt-version is 5, or 3 with --instances 1 (MQTT 3.1.1 has no shared subscription)");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = Path.of(System.getProperty("pumpops.home", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("pumpops-bench-ingest");
    console.printf("starting the embedded stack in %s ...%n", work);
    List<Scale> scales = new ArrayList<>();
    double rawRate;
    double brokerPeakMb;
    try (LocalStack stack =
        LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")))) {
      StackAddresses addresses = stack.addresses();
      SchemaRegistry registry = SchemaRegistryClient.of(addresses.schemaRegistryUrl());
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.bootstrapServers()))) {
        int partitions =
            admin
                .describeTopics(List.of(Topics.PUMP_TELEMETRY.name()))
                .allTopicNames()
                .get()
                .get(Topics.PUMP_TELEMETRY.name())
                .partitions()
                .size();
        admin.createTopics(List.of(new NewTopic(RAW_TOPIC, partitions, (short) 1))).all().get();
      }
      rawRate = rawProducer(addresses.bootstrapServers(), registry);
      console.printf(
          "raw Kafka producer, same Avro records and settings as ingest: %.0f readings/s%n",
          rawRate);

      console.printf("connecting %d sensors ...%n", sensors);
      try (SensorFleet fleet =
              new SensorFleet(
                  addresses.mqttUrl(),
                  addresses.mqttCredentials(),
                  SITES,
                  sensors,
                  window,
                  Clock.systemUTC());
          LandingMeter meter = new LandingMeter(addresses.bootstrapServers(), registry)) {
        for (int count : instances) {
          scales.add(measure(console, root, work, addresses, fleet, meter, count));
        }
      }
      brokerPeakMb =
          stack.kafka().pid().stream()
              .mapToObj(ProcessMemory::of)
              .mapToDouble(ProcessMemory::peakRssMb)
              .findFirst()
              .orElse(Double.NaN);
    }
    double benchPeakMb = ProcessMemory.self().peakRssMb();
    print(console, rawRate, scales, brokerPeakMb, benchPeakMb);
    writeReport(report, rawRate, scales, brokerPeakMb, benchPeakMb);
    return 0;
  }

  private Scale measure(
      PrintStream console,
      Path root,
      Path work,
      StackAddresses addresses,
      SensorFleet fleet,
      LandingMeter meter,
      int count)
      throws Exception {
    console.printf("%n%d ingest instance(s): starting ...%n", count);
    List<ServiceProcess> ingest = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        String clientId = "bench-ingest-" + count + "-" + i;
        ingest.add(
            ServiceProcess.start(
                ServiceProcess.Launch.of(
                    ServiceCatalog.get("ingest-service"),
                    root.resolve("ingest-service"),
                    0,
                    work.resolve("logs").resolve(clientId + ".log"),
                    "320m"),
                port -> environment(addresses, clientId, mqttVersion),
                Duration.ofSeconds(120)));
      }
      long rejectedBefore = Dlq.count(addresses.bootstrapServers());
      long duplicatesBefore = meter.duplicates();
      // The burst: the sensors publish as fast as the broker acknowledges for one phase. The broker
      // accepts faster than it delivers (it queues the rest), so the rate that counts is the
      // readings published over the time until the last of them has landed in pump.telemetry.
      long landedBefore = meter.landed();
      long started = System.nanoTime();
      SensorFleet.Published burst = fleet.run(phase, 0);
      double publishing = (System.nanoTime() - started) / 1e9;
      double landedWhilePublishing = (meter.landed() - landedBefore) / publishing;
      long lost = meter.awaitLanded(landedBefore + burst.acknowledged(), Duration.ofSeconds(30));
      double allLanded = (System.nanoTime() - started) / 1e9;
      double peak = (burst.acknowledged() - lost) / allLanded;
      console.printf(
          "  burst: %d sensors published %.0f/s for %.0f s, all landed after %.1f s: %.0f readings/s end to end%n"
              + "         (%.0f/s landed while the sensors were publishing, the rest from the broker's queue)%n",
          fleet.size(), burst.perSecond(), publishing, allLanded, peak, landedWhilePublishing);

      Map<String, long[]> latencies = new LinkedHashMap<>();
      Map<String, Double> pacedRates = new LinkedHashMap<>();
      for (double fraction : new double[] {0.5, 1.0}) {
        String label = Math.round(fraction * 100) + "%";
        long before = meter.landed();
        long from = System.currentTimeMillis() + warmUp.toMillis();
        SensorFleet.Published paced = fleet.run(phase, fraction * peak);
        long to = System.currentTimeMillis();
        lost += meter.awaitLanded(before + paced.acknowledged(), Duration.ofSeconds(30));
        long[] sorted = meter.latenciesPublishedBetween(from, to);
        latencies.put(label, sorted);
        pacedRates.put(label, paced.perSecond());
        console.printf(
            "  at %4s of peak (%.0f/s published): latency p50 %s  p99 %s  p999 %s ms (%d readings)%n",
            label,
            paced.perSecond(),
            ms(sorted, 0.50),
            ms(sorted, 0.99),
            ms(sorted, 0.999),
            sorted.length);
      }
      long rejected = Dlq.count(addresses.bootstrapServers()) - rejectedBefore;
      List<Double> rss = ingest.stream().map(s -> ProcessMemory.of(s.pid()).peakRssMb()).toList();
      return new Scale(
          count,
          peak,
          burst.perSecond(),
          landedWhilePublishing,
          latencies,
          pacedRates,
          lost,
          meter.duplicates() - duplicatesBefore,
          rejected,
          rss);
    } finally {
      ingest.forEach(ServiceProcess::close);
    }
  }

  private static Map<String, String> environment(
      StackAddresses addresses, String clientId, int mqttVersion) {
    Map<String, String> env = addresses.serviceEnvironment();
    env.put("PUMPOPS_MQTT_CLIENT_ID", clientId);
    env.put("PUMPOPS_MQTT_PROTOCOL_VERSION", Integer.toString(mqttVersion));
    env.put("PUMPOPS_MQTT_SHARED_GROUP", "bench-ingest");
    // The session ends with the instance, so a finished scale step leaves no queue behind.
    env.put("PUMPOPS_MQTT_SESSION_EXPIRY", "PT0S");
    return env;
  }

  /**
   * The same Avro records ingest writes, with ingest's producer settings, as fast as one producer
   * can.
   */
  private double rawProducer(String bootstrap, SchemaRegistry registry) {
    Serde<PumpReading> serde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    List<SyntheticPump> pumps = new ArrayList<>();
    for (int i = 0; i < sensors; i++) {
      pumps.add(SensorFleet.pump(SITES, i));
    }
    long sent = 0;
    long started = System.nanoTime();
    long end = started + phase.toNanos();
    try (KafkaProducer<String, PumpReading> producer =
        new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
      while (System.nanoTime() < end) {
        for (SyntheticPump pump : pumps) {
          SimulatedReading simulated = pump.next();
          Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
          PumpReading reading =
              new SimulatedReading(
                      simulated.siteId(),
                      simulated.pumpId(),
                      now,
                      simulated.seq(),
                      simulated.channels())
                  .toPumpReading(now);
          producer.send(
              new ProducerRecord<>(
                  RAW_TOPIC, null, now.toEpochMilli(), simulated.pumpId(), reading));
          sent++;
        }
      }
      producer.flush();
    }
    return sent / ((System.nanoTime() - started) / 1e9);
  }

  private void print(
      PrintStream console, double rawRate, List<Scale> scales, double brokerMb, double benchMb) {
    console.printf(
        "%n%-10s %12s %8s  %-24s %-24s %6s %6s %8s  %s%n",
        "instances",
        "peak /s",
        "vs raw",
        "latency at 50% (ms)",
        "latency at 100% (ms)",
        "lost",
        "dup",
        "rejected",
        "peak RSS (MB)");
    console.printf(
        "%-10s %12s %8s  %-24s %-24s%n", "", "", "", "p50 / p99 / p999", "p50 / p99 / p999");
    for (Scale s : scales) {
      console.printf(
          "%-10d %12.0f %8.3f  %-24s %-24s %6d %6d %8d  %s%n",
          s.instances(),
          s.peakPerSecond(),
          s.peakPerSecond() / rawRate,
          triple(s.latencies().get("50%")),
          triple(s.latencies().get("100%")),
          s.lost(),
          s.duplicates(),
          s.rejected(),
          s.peakRssMb().stream().map(mb -> String.format("%.0f", mb)).toList());
    }
    console.printf(
        "raw Kafka producer: %.0f readings/s; ingest (1 instance) / raw producer: %.3f%n",
        rawRate, scales.isEmpty() ? Double.NaN : scales.get(0).peakPerSecond() / rawRate);
    console.printf(
        "peak RSS: Kafka broker %.0f MB; this JVM (embedded MQTT broker, schema registry, sensors) %.0f MB%n",
        brokerMb, benchMb);
  }

  private void writeReport(
      BenchReport report, double rawRate, List<Scale> scales, double brokerMb, double benchMb)
      throws Exception {
    ObjectNode json =
        report.start(
            "ingest",
            "pumpops bench ingest --sensors "
                + sensors
                + " --window "
                + window
                + " --mqtt-version "
                + mqttVersion
                + " --phase "
                + phase
                + " --warm-up "
                + warmUp
                + " --instances "
                + String.join(",", instances.stream().map(String::valueOf).toList()));
    json.put("rawProducerPerSecond", Math.round(rawRate));
    json.put(
        "note",
        "peak: "
            + sensors
            + " QoS 1 sensors publish as fast as the embedded HiveMQ CE acknowledges for "
            + phase
            + "; peak = readings published / time from the first publish until the last has landed in "
            + "pump.telemetry (the broker accepts faster than it delivers and queues the rest); latency: publish (ts = wall clock) to "
            + "a consumer of pump.telemetry seeing it, with the sensors paced at 50% and 100% of that peak. Everything on "
            + "one 2-core machine: sensors, MQTT broker, ingest instances and Kafka share the cores.");
    ArrayNode rows = json.putArray("scale");
    for (Scale s : scales) {
      ObjectNode row = rows.addObject();
      row.put("instances", s.instances());
      row.put("peakPerSecond", Math.round(s.peakPerSecond()));
      row.put("burstPublishedPerSecond", Math.round(s.publishedPerSecond()));
      row.put("burstLandedPerSecondWhilePublishing", Math.round(s.landedWhilePublishing()));
      row.put("ratioToRawProducer", s.peakPerSecond() / rawRate);
      ObjectNode latency = row.putObject("latencyMs");
      s.latencies()
          .forEach(
              (label, sorted) ->
                  latency
                      .putObject(label)
                      .put("publishedPerSecond", Math.round(s.pacedLandedPerSecond().get(label)))
                      .put("readings", sorted.length)
                      .put("p50", Percentiles.of(sorted, 0.50))
                      .put("p99", Percentiles.of(sorted, 0.99))
                      .put("p999", Percentiles.of(sorted, 0.999))
                      .put("max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
      row.put("lost", s.lost());
      row.put("duplicates", s.duplicates());
      row.put("rejected", s.rejected());
      ArrayNode rss = row.putArray("ingestPeakRssMb");
      s.peakRssMb().forEach(mb -> rss.add(Math.round(mb)));
    }
    ObjectNode memory = json.putObject("peakRssMb");
    memory.put("kafkaBroker", Math.round(brokerMb));
    memory.put("benchJvm (MQTT broker, schema registry, sensors, meter)", Math.round(benchMb));
    List<String> categories = new ArrayList<>();
    categories.add("raw Kafka producer");
    scales.forEach(s -> categories.add("ingest x" + s.instances()));
    double[] values = new double[categories.size()];
    values[0] = rawRate;
    for (int i = 0; i < scales.size(); i++) {
      values[i + 1] = scales.get(i).peakPerSecond();
    }
    report.finish(
        "ingest",
        json,
        new BarChart(
            "Readings/s into pump.telemetry (MQTT QoS 1 through ingest vs a raw producer)",
            "readings/s",
            categories,
            Map.of("peak", values)));
  }

  private static String triple(long[] sorted) {
    return ms(sorted, 0.50) + " / " + ms(sorted, 0.99) + " / " + ms(sorted, 0.999);
  }

  private static String ms(long[] sorted, double q) {
    double value = Percentiles.of(sorted, q);
    return Double.isNaN(value) ? "-" : String.format("%.0f", value);
  }
}
