package io.pumpops.bench.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.buffer.BufferBench;
import io.pumpops.bench.memory.ProcessMemory;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.cli.demo.OperatorRequests;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.ServiceCatalog;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SyntheticPump;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench training}: the time and memory of one retrain over hours of telemetry from
 * many pumps, on the real path. For each fleet size, on a fresh embedded stack: hours of 1 Hz
 * readings written to pump.telemetry as ingest writes them (record time = event time), then
 * registry-service and training-service as their own JVMs with the heap {@code pumpops demo} gives
 * a service, and one manual run over exactly those hours: replay, features, family choice, ONNX,
 * register. It reports each step's time, the service's peak heap and peak RSS, and the run's
 * outcome, including a run that fails for memory.
 */
@Command(
    name = "training",
    mixinStandardHelpOptions = true,
    description =
        "One retrain by training-service over hours of telemetry from N pumps: time per step, peak heap and RSS.")
public final class TrainingBench implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "bench-training";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Option(
      names = "--pumps",
      split = ",",
      defaultValue = "100,500,1000",
      description = "fleet sizes, one run each (default ${DEFAULT-VALUE})")
  List<Integer> fleets;

  @Option(
      names = "--hours",
      defaultValue = "3",
      description =
          "hours of 1 Hz telemetry per pump (default ${DEFAULT-VALUE}: what a drift-triggered run"
              + " trains on; scheduled runs take six)")
  int hours;

  @Option(
      names = "--heap",
      defaultValue = "320m",
      description = "training-service's -Xmx (default ${DEFAULT-VALUE}: what pumpops demo gives)")
  String heap;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "longest a run may take before it is reported as unfinished")
  Duration timeout;

  @Option(
      names = "--max-windows",
      description =
          "training-service's pumpops.training.max-windows (default: the service's own default)")
  Integer maxWindows;

  @Mixin ResultsFolder results;

  private final HttpClient http = HttpClient.newHttpClient();
  private final OperatorRequests requests = new OperatorRequests();

  /** One fleet size's run. */
  record Outcome(
      int pumps,
      long readings,
      double produceSeconds,
      String state,
      String message,
      double runSeconds,
      Map<String, Duration> steps,
      double peakHeapMb,
      double peakLiveMb,
      double peakRssMb,
      Rebuild rebuild) {}

  /**
   * The rebuild from lineage of the version the run registered: its time and whether it matched.
   */
  record Rebuild(String outcome, double seconds, long records) {

    static final Rebuild NOT_RUN = new Rebuild("not run (no version registered)", 0, 0);
  }

  @Override
  public Integer call() throws Exception {
    BenchReport report = results.report();
    PrintStream console = report.out();
    List<Outcome> outcomes = new ArrayList<>();
    for (int pumps : fleets) {
      Outcome outcome = run(pumps, console);
      outcomes.add(outcome);
      console.printf(
          "%6d pumps × %d h = %,d readings: %s in %.1f s (%s), heap peak %.0f MB of %s"
              + " (live after GC %.0f MB), RSS peak %.0f MB; %s%n",
          pumps,
          hours,
          outcome.readings(),
          outcome.state(),
          outcome.runSeconds(),
          steps(outcome.steps()),
          outcome.peakHeapMb(),
          heap,
          outcome.peakLiveMb(),
          outcome.peakRssMb(),
          outcome.message());
      console.printf(
          "         rebuild from lineage: %s, %,d records in %.1f s%n",
          outcome.rebuild().outcome(), outcome.rebuild().records(), outcome.rebuild().seconds());
    }
    ObjectNode json =
        report.start(
            "training",
            "pumpops bench training --pumps "
                + String.join(",", fleets.stream().map(String::valueOf).toList())
                + " --hours "
                + hours
                + " --heap "
                + heap
                + (maxWindows == null ? "" : " --max-windows " + maxWindows));
    json.put("hours", hours);
    json.put("heap", heap);
    json.put("maxWindows", maxWindows == null ? "the service's default" : maxWindows.toString());
    ArrayNode runs = json.putArray("runs");
    for (Outcome o : outcomes) {
      ObjectNode node = runs.addObject();
      node.put("pumps", o.pumps());
      node.put("readings", o.readings());
      node.put("produceSeconds", o.produceSeconds());
      node.put("state", o.state());
      node.put("message", o.message());
      node.put("runSeconds", o.runSeconds());
      ObjectNode steps = node.putObject("stepSeconds");
      o.steps().forEach((step, d) -> steps.put(step, d.toMillis() / 1000.0));
      node.put("peakHeapMb", o.peakHeapMb());
      node.put("peakLiveAfterGcMb", o.peakLiveMb());
      node.put("peakRssMb", o.peakRssMb());
      ObjectNode rebuild = node.putObject("rebuildFromLineage");
      rebuild.put("outcome", o.rebuild().outcome());
      rebuild.put("seconds", o.rebuild().seconds());
      rebuild.put("records", o.rebuild().records());
    }
    json.put(
        "note",
        "training-service and registry-service run as their own JVMs on a fresh embedded stack per"
            + " fleet size; heap peak is the largest sum of jvm_memory_used_bytes over the heap's"
            + " pools, sampled every 500 ms from /prometheus (it grows towards -Xmx between"
            + " collections); live after GC is the largest jvm_gc_live_data_size_bytes, what the"
            + " service held; RSS peak is the process's VmHWM.");
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("run (s)", outcomes.stream().mapToDouble(Outcome::runSeconds).toArray());
    series.put("heap peak (MB)", outcomes.stream().mapToDouble(Outcome::peakHeapMb).toArray());
    series.put("live after GC (MB)", outcomes.stream().mapToDouble(Outcome::peakLiveMb).toArray());
    report.finish(
        "training",
        json,
        new BarChart(
            "One retrain over "
                + hours
                + " h of 1 Hz telemetry (training-service, -Xmx"
                + heap
                + ")",
            "seconds / MB",
            outcomes.stream().map(o -> o.pumps() + " pumps").toList(),
            series));
    return 0;
  }

  private Outcome run(int pumps, PrintStream console) throws Exception {
    Path work = Files.createTempDirectory("pumpops-bench-training");
    try (LocalStack stack =
        LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")))) {
      StackAddresses addresses = stack.addresses();
      SchemaRegistry registry = SchemaRegistryClient.of(addresses.schemaRegistryUrl());
      // Whole minutes, ending a few minutes ago: the run's lookback then covers exactly these
      // readings.
      Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
      Instant start = end.minus(Duration.ofHours(hours));
      console.printf("%d pumps: writing %d h of telemetry ...%n", pumps, hours);
      long produceStarted = System.nanoTime();
      long readings =
          produce(
              addresses.bootstrapServers(),
              AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry),
              pumps,
              start,
              end);
      double produceSeconds = (System.nanoTime() - produceStarted) / 1e9;
      console.printf(
          "  %,d readings in %.0f s; starting registry-service and training-service%n",
          readings, produceSeconds);
      try (ServiceProcess registryService =
              start(
                  "registry-service",
                  withEnvironment(
                      addresses,
                      Map.of(
                          "PUMPOPS_REGISTRY_ARTIFACT_DIRECTORY",
                          work.resolve("artifacts").toString())));
          ServiceProcess training =
              start(
                  "training-service",
                  withEnvironment(addresses, trainingSettings(registryService.baseUrl())))) {
        Duration lookback = Duration.between(start, Instant.now()).plusMinutes(1);
        long runStarted = System.nanoTime();
        JsonNode accepted =
            requests.post(
                training.baseUrl().resolve("/runs"),
                JSON.createObjectNode().put("model", MODEL).put("lookback", lookback.toString()));
        String runId = accepted.path("runId").asText();
        double peakHeap = 0;
        double peakLive = 0;
        JsonNode status = JSON.createObjectNode();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && training.isAlive()) {
          String metrics = prometheus(training.baseUrl());
          peakHeap = Math.max(peakHeap, HeapGauge.heapUsedBytes(metrics).orElse(0));
          peakLive = Math.max(peakLive, HeapGauge.liveAfterGcBytes(metrics).orElse(0));
          status = requests.get(training.baseUrl().resolve("/runs/" + runId));
          if (status.path("state").asText().equals("finished")) {
            break;
          }
          Thread.sleep(500);
        }
        double runSeconds = (System.nanoTime() - runStarted) / 1e9;
        String state =
            !training.isAlive()
                ? "service died"
                : !status.path("state").asText().equals("finished")
                    ? "unfinished"
                    : status.path("succeeded").asBoolean() ? "succeeded" : "failed";
        String message =
            state.equals("service died")
                ? "training-service exited; see " + training.log()
                : status.path("message").asText("");
        double peakRss = ProcessMemory.of(training.pid()).peakRssMb();
        Rebuild rebuilt =
            state.equals("succeeded") && status.hasNonNull("version")
                ? rebuild(training.baseUrl(), status.path("version").asInt())
                : Rebuild.NOT_RUN;
        return new Outcome(
            pumps,
            readings,
            produceSeconds,
            state,
            message,
            runSeconds,
            StepDurations.of(runId, trainingRuns(addresses, registry)),
            peakHeap / 1e6,
            peakLive / 1e6,
            peakRss,
            rebuilt);
      }
    } finally {
      BufferBench.deleteTree(work);
    }
  }

  /** Every pump's readings, second by second, as ingest writes them: keyed by pump, event time. */
  private static long produce(
      String bootstrap, Serde<PumpReading> serde, int pumps, Instant start, Instant end) {
    List<SyntheticPump> fleet = new ArrayList<>();
    for (int p = 1; p <= pumps; p++) {
      fleet.add(
          new SyntheticPump(
              "bench-site-" + (p % 10),
              "bench-pump-" + p,
              start,
              Duration.ofSeconds(1),
              List.of(),
              p,
              Optional.of(end)));
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            // One batch in flight per connection: on a stack seconds old, the first batches met
            // NOT_LEADER_OR_FOLLOWER and the batches behind them OUT_OF_ORDER_SEQUENCE_NUMBER,
            // retried for minutes (the second fleet of a run stalled so).
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1);
    long sent = 0;
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    try (KafkaProducer<String, PumpReading> producer =
        new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
      for (Instant t = start; t.isBefore(end); t = t.plusSeconds(1)) {
        for (SyntheticPump pump : fleet) {
          PumpReading reading = pump.next().toPumpReading(t);
          producer.send(
              new ProducerRecord<>(
                  Topics.PUMP_TELEMETRY.name(),
                  null,
                  reading.getEventTime().toEpochMilli(),
                  reading.getPumpId().toString(),
                  reading),
              (metadata, e) -> {
                if (e != null) {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet(null, e);
                }
              });
          sent++;
        }
      }
      producer.flush();
    }
    if (failed.get() > 0) {
      // The run then trains on fewer readings than planned; the rebuild's record count says so.
      LOG.warn(
          "{} of {} readings were not written: {}",
          failed.get(),
          sent,
          firstFailure.get().toString());
    }
    return sent - failed.get();
  }

  /**
   * {@code pumpops retrain --from-lineage}: the same offsets, configuration and seed again; the
   * model's SHA-256 and the data fingerprint must match what the registry holds.
   */
  private Rebuild rebuild(URI training, int version) throws InterruptedException {
    long started = System.nanoTime();
    try {
      JsonNode accepted =
          requests.post(
              training.resolve("/runs/rebuild"),
              JSON.createObjectNode().put("model", MODEL).put("version", version));
      URI status = training.resolve("/runs/rebuild/" + accepted.path("runId").asText());
      JsonNode answer = requests.get(status);
      long deadline = started + timeout.toNanos();
      while (answer.path("state").asText().equals("queued-or-active")
          && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        answer = requests.get(status);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (!answer.path("state").asText().equals("finished")) {
        return new Rebuild(
            answer.path("state").asText() + ": " + answer.path("message").asText(""), seconds, 0);
      }
      JsonNode report = answer.path("report");
      String outcome =
          report.path("reproduced").asBoolean()
              ? "bit for bit (model SHA-256 " + report.path("actualModelSha256").asText() + ")"
              : "DIFFERS: data fingerprint "
                  + (report.path("dataFingerprintMatches").asBoolean() ? "matches" : "differs")
                  + ", model SHA-256 "
                  + (report.path("modelSha256Matches").asBoolean() ? "matches" : "differs");
      return new Rebuild(outcome, seconds, report.path("records").asLong());
    } catch (IOException e) {
      return new Rebuild("failed: " + e.getMessage(), (System.nanoTime() - started) / 1e9, 0);
    }
  }

  private ServiceProcess start(String service, Map<String, String> environment) {
    ServiceCatalog.Service entry = ServiceCatalog.get(service);
    return ServiceProcess.start(
        ServiceProcess.Launch.of(entry, ServiceProcess.moduleDir(entry.module()), 0, null, heap),
        port -> environment,
        START_TIMEOUT);
  }

  private Map<String, String> trainingSettings(URI registry) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("PUMPOPS_TRAINING_MODELS", MODEL);
    settings.put("PUMPOPS_TRAINING_REGISTRY_URL", registry.toString());
    settings.put("PUMPOPS_TRAINING_SCHEDULE_EVERY", "PT0S");
    if (maxWindows != null) {
      settings.put("PUMPOPS_TRAINING_MAX_WINDOWS", maxWindows.toString());
    }
    return settings;
  }

  private static Map<String, String> withEnvironment(
      StackAddresses addresses, Map<String, String> more) {
    Map<String, String> environment = addresses.serviceEnvironment();
    environment.putAll(more);
    return environment;
  }

  private String prometheus(URI service) {
    try {
      return http.send(
              HttpRequest.newBuilder(service.resolve("/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return ""; // a busy or dying service: the next sample tells
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static List<TrainingRun> trainingRuns(StackAddresses addresses, SchemaRegistry registry) {
    List<TrainingRun> all = new ArrayList<>();
    try (KafkaConsumer<String, TrainingRun> consumer =
        ReadCommittedConsumers.open(
            addresses.bootstrapServers(),
            Map.of(),
            new StringDeserializer(),
            AvroSerdes.valueSerde(Topics.TRAINING_RUNS, registry).deserializer())) {
      List<TopicPartition> partitions =
          ReadCommittedConsumers.partitions(consumer, Topics.TRAINING_RUNS.name());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, TrainingRun> record : consumer.poll(Duration.ofMillis(500))) {
          all.add(record.value());
        }
      }
    }
    return all;
  }

  private static String steps(Map<String, Duration> steps) {
    List<String> parts = new ArrayList<>();
    steps.forEach((step, d) -> parts.add(step + " " + d.toMillis() / 1000.0 + " s"));
    return String.join(", ", parts);
  }
}
