package io.pumpops.bench.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.ingest.SensorFleet;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.cli.demo.Demo;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.TopicWatch;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.Scenario;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench memory}: the whole system of {@code pumpops demo} (every service, two edge
 * gateways on small heaps, the embedded stack) with a model on every gateway, then simulated
 * sensors publishing at a steady rate through ingest, feature-stream and the gateways' scoring. It
 * reports each JVM's peak resident memory (Linux's VmHWM) and, for the gateways, the heap in use
 * while they score.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description =
        "Peak RSS of every service and gateway under an ingest load, and the edge gateways' heap while "
            + "they score (they run with a small -Xmx, as on the boxes at the sites).")
public final class MemoryBench implements Callable<Integer> {

  private static final String MODEL = "pump-anomaly";

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "readings/s the extra sensors publish (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--sensors",
      defaultValue = "50",
      description = "extra sensors, spread over the two sites (default ${DEFAULT-VALUE})")
  int sensors;

  @Option(
      names = "--duration",
      defaultValue = "PT90S",
      description = "how long the load runs (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--gateway-heap",
      defaultValue = "64m",
      description = "each edge gateway's -Xmx (default ${DEFAULT-VALUE})")
  String gatewayHeap;

  @Mixin ResultsFolder results;

  /** The most a gateway's heap held, sampled every second from its /metrics. */
  /**
   * @param maxLiveMb the most the heap held after a collection (what the gateway keeps)
   * @param scoredDuringLoad windows scored while the extra sensors published
   * @param gcPauseSecondsDuringLoad the gateway's time in collection pauses meanwhile
   */
  private record GatewayHeap(
      double maxUsedMb,
      double maxCommittedMb,
      double maxLimitMb,
      double scoredWindows,
      double maxLiveMb,
      double scoredDuringLoad,
      double gcPauseSecondsDuringLoad) {}

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || sensors < 1 || duration.isZero() || duration.isNegative()) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--rate and --duration must be positive and --sensors at least 1");
    }
    if (!gatewayHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--gateway-heap is a JVM heap size such as 64m or 1g, not '" + gatewayHeap + "'");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = Path.of(System.getProperty("pumpops.home", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("pumpops-bench-memory");
    // An hour of history to train the first champion on, caught up at 100x in about 45 s; no drift.
    Demo.Settings settings =
        new Demo.Settings(
            root,
            work.resolve("demo"),
            false,
            List.of("site-a", "site-b"),
            5,
            100,
            Duration.ofMinutes(75),
            Duration.ofHours(1),
            Duration.ofDays(365),
            Scenario.Kind.SENSOR_OFFSET,
            MODEL,
            Duration.ofSeconds(5),
            Optional.empty(),
            gatewayHeap);
    Map<String, ProcessMemory> peaks = new LinkedHashMap<>();
    Map<String, GatewayHeap> heaps = new LinkedHashMap<>();
    SensorFleet.Published published;
    double loadMinutes;
    console.printf(
        "starting the embedded stack, every service and two gateways (-Xmx%s) in %s ...%n",
        gatewayHeap, work);
    try (LocalStack stack = LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")));
        TopicWatch<Deployment> deployments =
            new TopicWatch<>(
                stack.addresses(),
                Topics.EDGE_DEPLOYMENTS,
                d -> d.getStatus() == DeploymentStatus.HEALTHY);
        Demo demo =
            new Demo(
                settings, stack.addresses(), new PrintStream(OutputStream.nullOutputStream()))) {
      demo.start();
      console.println("waiting for the first champion to run on both gateways ...");
      deployments.awaitUntil(
          all -> all.stream().map(Deployment::getGatewayId).distinct().count() == 2,
          Duration.ofMinutes(6));
      Map<String, Long> pids = new LinkedHashMap<>();
      stack.kafka().pid().ifPresent(pid -> pids.put("Kafka broker", pid));
      pids.putAll(demo.pids());
      pids.put(
          "this JVM (MQTT broker, schema registry, pumps, sensors)", ProcessHandle.current().pid());
      Map<String, HeapSampler> samplers = new LinkedHashMap<>();
      demo.gatewayIds().forEach(id -> samplers.put(id, new HeapSampler(demo.url(id))));
      ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
      sampling.scheduleAtFixedRate(
          () -> samplers.values().forEach(HeapSampler::sample), 0, 1, TimeUnit.SECONDS);
      console.printf(
          "%d sensors publish %.0f readings/s to site-a and site-b for %s ...%n",
          sensors, rate, duration);
      samplers.values().forEach(HeapSampler::markLoadStart);
      Instant loadStart = demo.eventTime();
      // The sensors' readings carry the demo pumps' event time, so feature-stream's windows take
      // them.
      Clock pumpClock = new DemoClock(demo);
      try (SensorFleet fleet =
          new SensorFleet(
              stack.addresses().mqttUrl(),
              stack.addresses().mqttCredentials(),
              settings.sites(),
              sensors,
              10,
              pumpClock)) {
        published = fleet.run(duration, rate);
      }
      sampling.shutdown();
      sampling.awaitTermination(5, TimeUnit.SECONDS);
      samplers.values().forEach(HeapSampler::sample);
      loadMinutes = Duration.between(loadStart, demo.eventTime()).toMillis() / 60_000.0;
      pids.forEach((name, pid) -> peaks.put(name, ProcessMemory.of(pid)));
      samplers.forEach((id, sampler) -> heaps.put(id, sampler.result()));
    }
    console.printf(
        "%nthe sensors published %.0f readings/s (%d in all) on top of the demo's ten pumps%n%n",
        published.perSecond(), published.acknowledged());
    console.printf("%-58s %14s %14s%n", "process", "peak RSS (MB)", "RSS at end (MB)");
    peaks.forEach(
        (name, memory) ->
            console.printf("%-58s %14.0f %14.0f%n", name, memory.peakRssMb(), memory.rssMb()));
    // Each site's gateway scores its half of the extra sensors, one window per pump-minute.
    double expectedPerGateway = sensors / 2.0 * loadMinutes;
    console.printf(
        "%n%-8s %10s %10s %10s %8s %14s %22s %12s%n",
        "gateway",
        "used max",
        "live max",
        "committed",
        "-Xmx",
        "scored (load)",
        "pump-minutes (load)",
        "GC pauses");
    heaps.forEach(
        (id, h) ->
            console.printf(
                "%-8s %7.1f MB %10s %7.1f MB %5.0f MB %14.0f %22.0f %10.2f s%n",
                id,
                h.maxUsedMb(),
                // G1 sets it at an old-generation collection only; none: the heap never filled.
                h.maxLiveMb() > 0 ? String.format("%7.1f MB", h.maxLiveMb()) : "no old GC",
                h.maxCommittedMb(),
                h.maxLimitMb(),
                h.scoredDuringLoad(),
                expectedPerGateway,
                h.gcPauseSecondsDuringLoad()));

    ObjectNode json =
        report.start(
            "memory",
            "pumpops bench memory --rate "
                + Math.round(rate)
                + " --sensors "
                + sensors
                + " --duration "
                + duration
                + " --gateway-heap "
                + gatewayHeap);
    json.put("publishedPerSecond", Math.round(published.perSecond()));
    json.put(
        "note",
        "peak RSS is Linux's VmHWM of each JVM at the end of the run (start-up, the first champion's "
            + "training and rollout, and the load all count); services run with -Xmx320m, gateways with -Xmx"
            + gatewayHeap);
    ObjectNode rss = json.putObject("peakRssMb");
    peaks.forEach((name, memory) -> rss.put(name, Math.round(memory.peakRssMb())));
    ObjectNode gateways = json.putObject("gatewayHeapMb");
    heaps.forEach(
        (id, h) ->
            gateways
                .putObject(id)
                .put("usedMax", h.maxUsedMb())
                .put("committedMax", h.maxCommittedMb())
                .put("max", h.maxLimitMb())
                .put("windowsScored", h.scoredWindows())
                .put("liveAfterGcMax", h.maxLiveMb())
                .put("windowsScoredDuringLoad", h.scoredDuringLoad())
                .put("pumpMinutesDuringLoad", expectedPerGateway)
                .put("gcPauseSecondsDuringLoad", h.gcPauseSecondsDuringLoad()));
    List<String> names = new ArrayList<>(peaks.keySet());
    double[] values = peaks.values().stream().mapToDouble(ProcessMemory::peakRssMb).toArray();
    report.finish(
        "memory",
        json,
        new BarChart(
            "Peak RSS of each JVM under " + Math.round(rate) + " readings/s (MB)",
            "MB",
            names,
            Map.of("peak RSS", values)));
    return 0;
  }

  /** The demo pumps' event time as a clock. */
  private static final class DemoClock extends Clock {
    private final Demo demo;

    DemoClock(Demo demo) {
      this.demo = demo;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return demo.eventTime();
    }
  }

  /** Reads a gateway's heap from its Prometheus /metrics (Micrometer's JVM memory meters). */
  private static final class HeapSampler {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;
    private double usedMax;
    private double committedMax;
    private double limit;
    private double scored;
    private double live;
    private double gcPause;
    private double scoredAtLoadStart;
    private double gcPauseAtLoadStart;

    HeapSampler(URI gateway) {
      this.metrics = gateway.resolve("/metrics");
    }

    synchronized void sample() {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        usedMax = Math.max(usedMax, sum(body, "jvm_memory_used_bytes{area=\"heap\"") / (1 << 20));
        committedMax =
            Math.max(
                committedMax, sum(body, "jvm_memory_committed_bytes{area=\"heap\"") / (1 << 20));
        limit = Math.max(limit, sum(body, "jvm_memory_max_bytes{area=\"heap\"", true) / (1 << 20));
        scored = Math.max(scored, sum(body, "pumpops_edge_scored_total"));
        live = Math.max(live, sum(body, "jvm_gc_live_data_size_bytes ") / (1 << 20));
        gcPause = Math.max(gcPause, sum(body, "jvm_gc_pause_seconds_sum"));
      } catch (IOException e) {
        // one missed sample
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Takes a sample and counts what follows as the load's. */
    synchronized void markLoadStart() {
      sample();
      scoredAtLoadStart = scored;
      gcPauseAtLoadStart = gcPause;
    }

    synchronized GatewayHeap result() {
      return new GatewayHeap(
          usedMax,
          committedMax,
          limit,
          scored,
          live,
          scored - scoredAtLoadStart,
          gcPause - gcPauseAtLoadStart);
    }

    private static double sum(String body, String prefix) {
      return sum(body, prefix, false);
    }

    /**
     * Adds up the samples whose line starts with the prefix (G1's pools: eden, survivor, old); -1
     * (no limit) skipped.
     */
    private static double sum(String body, String prefix, boolean skipUnbounded) {
      double total = 0;
      for (String line : body.split("\n")) {
        if (line.startsWith(prefix)) {
          double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          if (!(skipUnbounded && value < 0)) {
            total += value;
          }
        }
      }
      return total;
    }
  }
}
