package io.pumpops.bench.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.ingest.LandingMeter;
import io.pumpops.bench.memory.ProcessMemory;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.Percentiles;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.localstack.EdgeGatewayEnvironment;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.ServiceCatalog;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench fleet}: a fleet, measured end to end while it grows. Every pump sends one
 * reading per second ({@link SiteUplinks}). The first {@code --gateway-sites} sites run as in the
 * field: a broker of their own, their pumps publishing to it, and a real edge gateway (its own JVM,
 * 64 MB heap) scoring them with a model delivered as deploy-service delivers one ({@link
 * GatewayModel}) and forwarding the readings upstream in site batches. The other sites publish the
 * site batches their gateway would send, straight to the central broker: ten gateway JVMs and their
 * brokers do not fit beside everything else on two cores. ingest-service, Kafka, feature-stream and
 * drift-service run as their own JVMs on the embedded stack, as in {@code ./pumpops demo}. For each
 * fleet size it reports the readings/s landed in {@code pump.telemetry}, loss and duplicates,
 * latency reading → {@code pump.telemetry} and window end → {@code pump.features} (p50/p99), every
 * consumer group's lag over the step, and each process's CPU and peak RSS; it stops at the first
 * size that saturates and names what saturated.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description =
        "N pumps at 1 Hz across M sites (two through real edge gateways, the rest as site batches) through ingest, Kafka, "
            + "feature-stream and drift-service: readings/s, loss, latency p50/p99, consumer lag, CPU and RSS "
            + "per process, N stepped up until something saturates.")
public final class FleetBench implements Callable<Integer> {

  private static final String SERVICE_HEAP = "512m";

  /** As on the small boxes at the sites (bench memory: a gateway's heap held 36 MB of 64). */
  private static final String GATEWAY_HEAP = "64m";

  private static final Duration SAMPLE = Duration.ofSeconds(5);

  @Option(
      names = "--pumps",
      split = ",",
      defaultValue = "1000,2500,5000,7500,10000",
      description =
          "fleet sizes, in order; stops after the first that saturates (default ${DEFAULT-VALUE})")
  List<Integer> pumps;

  @Option(
      names = "--sites",
      defaultValue = "10",
      description = "sites the pumps are spread over, one uplink each (default ${DEFAULT-VALUE})")
  int sites;

  @Option(
      names = "--gateway-sites",
      defaultValue = "2",
      description =
          "sites that run a real edge gateway (-Xmx64m) with a broker of their own: their pumps publish "
              + "one message per reading to it and the gateway forwards them; the other sites publish "
              + "site batches as their gateway would (default ${DEFAULT-VALUE})")
  int gatewaySites;

  @Option(
      names = "--gateway-site-pumps",
      defaultValue = "100",
      description =
          "pumps at each site with a real gateway, one MQTT message per reading (the other sites"
              + " share the rest of the fleet) (default ${DEFAULT-VALUE})")
  int gatewaySitePumps;

  @Option(
      names = "--duration",
      defaultValue = "PT3M",
      description =
          "how long each fleet size publishes (the issue's bar: PT10M) (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--warm-up",
      defaultValue = "PT30S",
      description =
          "the start of each step left out of latencies and lag trends (default ${DEFAULT-VALUE})")
  Duration warmUp;

  @Option(
      names = "--feature-stream-env",
      description =
          "extra environment of feature-stream, to measure a setting: for example "
              + "PUMPOPS_FEATURE_STREAM_COMMIT_INTERVAL=PT5S (repeatable)")
  Map<String, String> featureStreamEnv = new LinkedHashMap<>();

  @Mixin ResultsFolder results;

  /** A process measured: its name and pid. */
  private record Measured(String name, long pid) {}

  /** One fleet size's figures. */
  private record Step(
      int pumps,
      double offeredPerSecond,
      double landedPerSecond,
      long published,
      long acknowledged,
      long failed,
      long lost,
      long duplicates,
      long messages,
      long lateTicks,
      long[] readingLatency,
      long[] windowLatency,
      long windows,
      long windowsTwice,
      Map<String, List<Long>> lag,
      Map<String, Double> cpuPercent,
      Map<String, Double> peakRssMb,
      double gatewayWindowsScored,
      double gatewayPumpMinutes,
      List<String> saturated) {}

  @Override
  public Integer call() throws Exception {
    if (sites < 1 || pumps.isEmpty() || pumps.stream().anyMatch(n -> n < sites)) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--sites must be at least 1 and every --pumps at least --sites");
    }
    if (gatewaySites < 0 || gatewaySites > sites) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--gateway-sites must be between 0 and --sites");
    }
    if (duration.compareTo(warmUp.plusMinutes(2)) < 0) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--duration must be at least --warm-up plus two minutes (feature windows are a minute long)");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = Path.of(System.getProperty("pumpops.home", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("pumpops-bench-fleet");
    console.printf(
        "starting the embedded stack, ingest-service, feature-stream and drift-service in %s ...%n",
        work);
    List<Step> steps = new ArrayList<>();
    try (LocalStack stack =
        LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")))) {
      StackAddresses addresses = stack.addresses();
      SchemaRegistry registry = SchemaRegistryClient.of(addresses.schemaRegistryUrl());
      List<ServiceProcess> services = new ArrayList<>();
      List<EmbeddedMqttBroker> siteBrokers = new ArrayList<>();
      Map<String, String> siteBrokerUrls = new LinkedHashMap<>();
      Map<String, ServiceProcess> gateways = new LinkedHashMap<>();
      GatewayModel gatewayModel = null;
      try {
        for (String service : List.of("ingest-service", "feature-stream", "drift-service")) {
          services.add(
              ServiceProcess.start(
                  ServiceProcess.Launch.of(
                      ServiceCatalog.get(service),
                      root.resolve(ServiceCatalog.get(service).module()),
                      0,
                      work.resolve("logs").resolve(service + ".log"),
                      SERVICE_HEAP),
                  port -> {
                    Map<String, String> env = environment(addresses, service, work);
                    if (service.equals("feature-stream")) {
                      env.putAll(featureStreamEnv);
                    }
                    return env;
                  },
                  Duration.ofSeconds(120)));
        }
        List<Measured> processes = new ArrayList<>();
        processes.add(new Measured("ingest-service", services.get(0).pid()));
        processes.add(new Measured("feature-stream", services.get(1).pid()));
        processes.add(new Measured("drift-service", services.get(2).pid()));
        DevSigningKeys keys = DevSigningKeys.loadOrCreate(work.resolve("keys"));
        for (int s = 0; s < gatewaySites; s++) {
          String site = SiteUplinks.siteId(s);
          String gateway = SiteUplinks.gatewayId(s);
          EmbeddedMqttBroker broker =
              new EmbeddedMqttBroker(
                  new EmbeddedMqttBroker.Settings(
                      work.resolve("site-brokers").resolve(site), 0, Optional.empty()));
          siteBrokers.add(broker);
          broker.start();
          siteBrokerUrls.put(site, broker.url());
          ServiceProcess gatewayProcess =
              ServiceProcess.start(
                  ServiceProcess.Launch.of(
                      ServiceCatalog.get(ServiceCatalog.EDGE_GATEWAY),
                      root.resolve(ServiceCatalog.get(ServiceCatalog.EDGE_GATEWAY).module()),
                      0,
                      work.resolve("logs").resolve(gateway + ".log"),
                      GATEWAY_HEAP),
                  port ->
                      new EdgeGatewayEnvironment(
                              gateway,
                              site,
                              work.resolve(gateway),
                              port,
                              broker.url(),
                              addresses,
                              keys.publicKey())
                          .variables(),
                  Duration.ofSeconds(120));
          services.add(gatewayProcess);
          gateways.put(gateway, gatewayProcess);
          processes.add(new Measured("edge-gateway " + gateway, gatewayProcess.pid()));
        }
        if (!gateways.isEmpty()) {
          console.printf(
              "deploying a model to %s as deploy-service would ...%n", gateways.keySet());
          gatewayModel = GatewayModel.deploy(gateways, addresses, keys, Duration.ofSeconds(90));
        }
        stack.kafka().pid().ifPresent(pid -> processes.add(new Measured("kafka", pid)));
        processes.add(
            new Measured(
                "bench JVM (MQTT broker, registry, load, meters)", ProcessHandle.current().pid()));
        try (LandingMeter landing = new LandingMeter(addresses.bootstrapServers(), registry);
            FeatureMeter features = new FeatureMeter(addresses.bootstrapServers(), registry);
            ConsumerLag lag = new ConsumerLag(addresses.bootstrapServers())) {
          int firstPump = 1;
          for (int n : pumps) {
            Step step =
                measure(
                    console,
                    addresses,
                    siteBrokerUrls,
                    processes,
                    landing,
                    features,
                    lag,
                    gateways.values(),
                    firstPump,
                    n);
            steps.add(step);
            firstPump += n;
            if (!step.saturated().isEmpty()) {
              console.printf("%d pumps saturated: %s; not stepping further%n", n, step.saturated());
              break;
            }
          }
        }
      } finally {
        if (gatewayModel != null) {
          gatewayModel.close();
        }
        services.forEach(ServiceProcess::close);
        siteBrokers.forEach(EmbeddedMqttBroker::close);
      }
    }
    print(console, steps);
    writeReport(report, steps);
    return 0;
  }

  private Step measure(
      PrintStream console,
      StackAddresses addresses,
      Map<String, String> siteBrokerUrls,
      List<Measured> processes,
      LandingMeter landing,
      FeatureMeter features,
      ConsumerLag lag,
      java.util.Collection<ServiceProcess> gateways,
      int firstPump,
      int n)
      throws Exception {
    console.printf("%n%,d pumps across %d sites, %s ...%n", n, sites, duration);
    try (SiteUplinks uplinks =
        new SiteUplinks(
            addresses.mqttUrl(),
            addresses.mqttCredentials(),
            siteBrokerUrls,
            gatewaySitePumps,
            sites,
            firstPump,
            n)) {
      long landedBefore = landing.landed();
      long duplicatesBefore = landing.duplicates();
      long windowsBefore = features.windows();
      long twiceBefore = features.recomputed();
      double scoredBefore = scored(gateways);
      Map<String, Double> cpuBefore = new LinkedHashMap<>();
      processes.forEach(p -> cpuBefore.put(p.name(), ProcessCpu.seconds(p.pid())));
      long startedMs = System.currentTimeMillis();
      long started = System.nanoTime();
      uplinks.start();
      Map<String, List<Long>> lagSeries = new TreeMap<>();
      // Like latencies and lag, the load generator's punctuality is judged after the warm-up (every
      // JVM compiling its hot code while feature-stream opens state for thousands of new pumps).
      long lateInWarmUp = -1;
      long end = started + duration.toNanos();
      long nextSample = started + SAMPLE.toNanos();
      while (System.nanoTime() < end) {
        long wait = Math.min(nextSample, end) - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (System.nanoTime() >= nextSample) {
          nextSample += SAMPLE.toNanos();
          Map<String, Long> sample = lag.sample();
          boolean warm = System.nanoTime() - started >= warmUp.toNanos();
          if (warm && lateInWarmUp < 0) {
            lateInWarmUp = uplinks.lateTicks();
          }
          if (warm) {
            sample.forEach(
                (group, records) ->
                    lagSeries.computeIfAbsent(group, g -> new ArrayList<>()).add(records));
          }
          console.printf(
              "  %4.0f s: %,d readings published, %,d acknowledged, %,d landed; lag %s%n",
              (System.nanoTime() - started) / 1e9,
              uplinks.published(),
              uplinks.acknowledged(),
              landing.landed() - landedBefore,
              sample);
        }
      }
      uplinks.stop();
      double publishing = (System.nanoTime() - started) / 1e9;
      long endedMs = System.currentTimeMillis();
      Map<String, Double> cpu = new LinkedHashMap<>();
      processes.forEach(
          p ->
              cpu.put(
                  p.name(),
                  100 * (ProcessCpu.seconds(p.pid()) - cpuBefore.get(p.name())) / publishing));
      long landedWhilePublishing = landing.landed() - landedBefore;
      double gatewayWindowsScored = scored(gateways) - scoredBefore;
      double gatewayPumpMinutes = gateways.size() * (double) gatewaySitePumps * publishing / 60;
      long lost =
          landing.awaitLanded(landedBefore + uplinks.acknowledged(), Duration.ofSeconds(30));
      long[] readingLatency =
          landing.latenciesPublishedBetween(startedMs + warmUp.toMillis(), endedMs);
      // Windows that ended after the warm-up and a grace before the end (later ones have not
      // closed).
      long[] windowLatency =
          features.latenciesOfWindowsEndingBetween(
              startedMs + warmUp.toMillis(), endedMs - Duration.ofSeconds(45).toMillis());
      Map<String, Double> rss = new LinkedHashMap<>();
      processes.forEach(p -> rss.put(p.name(), ProcessMemory.of(p.pid()).peakRssMb()));

      double offered = uplinks.published() / publishing;
      double landed = landedWhilePublishing / publishing;
      List<String> saturated = new ArrayList<>();
      uplinks.error().ifPresent(e -> saturated.add("the load generator failed: " + e));
      long lateAfterWarmUp = uplinks.lateTicks() - Math.max(0, lateInWarmUp);
      if (lateAfterWarmUp > 0) {
        saturated.add("the load generator (" + lateAfterWarmUp + " late site ticks)");
      }
      if (uplinks.failed() > 0 || lost > 0) {
        saturated.add(
            "loss (" + uplinks.failed() + " not accepted by MQTT, " + lost + " not landed)");
      }
      double p99 = Percentiles.of(readingLatency, 0.99);
      if (p99 > 2000) {
        saturated.add(
            String.format(
                "reading → pump.telemetry p99 %.0f ms > 2 s (MQTT → ingest → Kafka)", p99));
      }
      lagSeries.forEach(
          (group, series) -> {
            if (ConsumerLag.growing(series, (long) (offered * 10))) {
              saturated.add(
                  group
                      + " (consumer lag growing: "
                      + series.get(0)
                      + " → "
                      + series.get(series.size() - 1)
                      + ")");
            }
          });
      if (landed < 0.95 * offered) {
        saturated.add(String.format("landing %.0f/s of %.0f/s offered", landed, offered));
      }
      Step step =
          new Step(
              n,
              offered,
              landed,
              uplinks.published(),
              uplinks.acknowledged(),
              uplinks.failed(),
              lost,
              landing.duplicates() - duplicatesBefore,
              uplinks.messages(),
              uplinks.lateTicks(),
              readingLatency,
              windowLatency,
              features.windows() - windowsBefore,
              features.recomputed() - twiceBefore,
              lagSeries,
              cpu,
              rss,
              gatewayWindowsScored,
              gatewayPumpMinutes,
              saturated);
      printStep(console, step);
      return step;
    }
  }

  private static Map<String, String> environment(
      StackAddresses addresses, String service, Path work) {
    Map<String, String> env = addresses.serviceEnvironment();
    Path state = work.resolve(service).toAbsolutePath();
    switch (service) {
      // One instance on MQTT 3.1.1 with a persistent session, as in the demo (ingest README: the
      // embedded HiveMQ CE and shared subscriptions under load).
      case "ingest-service" -> {
        env.put("PUMPOPS_MQTT_PROTOCOL_VERSION", "3");
        addresses
            .mqttCredentials()
            .map(c -> c.forIdentity(MqttAccessPolicy.INGEST))
            .ifPresent(
                c -> {
                  env.put("PUMPOPS_MQTT_USERNAME", c.username());
                  env.put("PUMPOPS_MQTT_PASSWORD", c.password());
                });
      }
      case "feature-stream" -> env.put("PUMPOPS_FEATURE_STREAM_STATE_DIRECTORY", state.toString());
      case "drift-service" -> env.put("PUMPOPS_DRIFT_STATE_DIRECTORY", state.toString());
      default -> throw new IllegalArgumentException(service);
    }
    return env;
  }

  private static double scored(java.util.Collection<ServiceProcess> gateways)
      throws IOException, InterruptedException {
    double scored = 0;
    for (ServiceProcess gateway : gateways) {
      scored += GatewayModel.scored(gateway);
    }
    return scored;
  }

  private static void printStep(PrintStream console, Step s) {
    console.printf(
        "  offered %.0f readings/s in %,d messages; landed %.0f/s; lost %d, duplicates %d, not accepted %d;"
            + " late site ticks %d (warm-up included)%n",
        s.offeredPerSecond(),
        s.messages(),
        s.landedPerSecond(),
        s.lost(),
        s.duplicates(),
        s.failed(),
        s.lateTicks());
    console.printf(
        "  reading → pump.telemetry p50 %s p99 %s ms; window end → pump.features p50 %s p99 %s ms (%,d windows, %d twice)%n",
        ms(s.readingLatency(), 0.5),
        ms(s.readingLatency(), 0.99),
        ms(s.windowLatency(), 0.5),
        ms(s.windowLatency(), 0.99),
        s.windows(),
        s.windowsTwice());
    if (s.gatewayPumpMinutes() > 0) {
      console.printf(
          "  the gateways scored %,.0f windows in %,.0f pump-minutes of their sites' pumps%n",
          s.gatewayWindowsScored(), s.gatewayPumpMinutes());
    }
    s.lag()
        .forEach(
            (group, series) ->
                console.printf(
                    "  lag %-40s first %,d  max %,d  last %,d%n",
                    group,
                    series.get(0),
                    series.stream().mapToLong(Long::longValue).max().orElse(0),
                    series.get(series.size() - 1)));
    s.cpuPercent()
        .forEach(
            (name, cpu) ->
                console.printf(
                    "  %-50s CPU %5.0f %%  peak RSS %5.0f MB%n",
                    name, cpu, s.peakRssMb().get(name)));
  }

  private void print(PrintStream console, List<Step> steps) {
    console.printf(
        "%n%8s %10s %10s %6s %5s %18s %18s  %s%n",
        "pumps",
        "offered/s",
        "landed/s",
        "lost",
        "dup",
        "reading p50/p99",
        "window p50/p99",
        "saturated");
    for (Step s : steps) {
      console.printf(
          "%8d %10.0f %10.0f %6d %5d %18s %18s  %s%n",
          s.pumps(),
          s.offeredPerSecond(),
          s.landedPerSecond(),
          s.lost(),
          s.duplicates(),
          ms(s.readingLatency(), 0.5) + " / " + ms(s.readingLatency(), 0.99),
          ms(s.windowLatency(), 0.5) + " / " + ms(s.windowLatency(), 0.99),
          s.saturated().isEmpty() ? "no" : String.join("; ", s.saturated()));
    }
    console.printf(
        "All on one machine: the sites' load, %s the central MQTT broker, ingest, Kafka,"
            + " feature-stream and drift-service share its cores.%n",
        gatewaySites == 0
            ? ""
            : gatewaySites
                + " site brokers and edge gateways (scoring and forwarding every reading of their sites),");
  }

  private void writeReport(BenchReport report, List<Step> steps) throws Exception {
    ObjectNode json =
        report.start(
            "fleet",
            "pumpops bench fleet --pumps "
                + String.join(",", pumps.stream().map(String::valueOf).toList())
                + " --sites "
                + sites
                + " --gateway-sites "
                + gatewaySites
                + " --gateway-site-pumps "
                + gatewaySitePumps
                + " --duration "
                + duration
                + " --warm-up "
                + warmUp
                + featureStreamEnv.entrySet().stream()
                    .map(e -> " --feature-stream-env " + e.getKey() + "=" + e.getValue())
                    .reduce("", String::concat));
    json.put(
        "note",
        "Every pump sends one reading per second. At the first "
            + gatewaySites
            + " sites (up to "
            + gatewaySitePumps
            + " pumps each) the pumps publish one MQTT message per reading to the site's own broker and a real"
            + " edge gateway (its own JVM, -Xmx"
            + GATEWAY_HEAP
            + ", no model deployed: it validates, buffers on disk and forwards) sends them upstream in site batches;"
            + " the other sites publish site batches of up to "
            + SiteUplinks.BATCH_READINGS
            + " readings (QoS 1, pipelined) to the central broker, as their gateway's uplink would. "
            + "ingest-service (one instance, MQTT 3.1.1), feature-stream and drift-service run as their own JVMs (-Xmx"
            + SERVICE_HEAP
            + ") on the embedded stack. Latency: reading ts (wall clock at the site tick) to a consumer of pump.telemetry; "
            + "window end to a consumer of pump.features (includes feature-stream's 30 s grace). Lag: every consumer group, sampled every "
            + SAMPLE.toSeconds()
            + " s after the warm-up.");
    ArrayNode rows = json.putArray("steps");
    double[] landed = new double[steps.size()];
    double[] offered = new double[steps.size()];
    List<String> categories = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      landed[i] = s.landedPerSecond();
      offered[i] = s.offeredPerSecond();
      categories.add(s.pumps() + " pumps");
      ObjectNode row = rows.addObject();
      row.put("pumps", s.pumps());
      row.put("sites", sites);
      row.put("offeredPerSecond", Math.round(s.offeredPerSecond()));
      row.put("landedPerSecond", Math.round(s.landedPerSecond()));
      row.put("published", s.published());
      row.put("acknowledged", s.acknowledged());
      row.put("notAccepted", s.failed());
      row.put("lost", s.lost());
      row.put("duplicates", s.duplicates());
      row.put("messages", s.messages());
      row.put("lateSiteTicks", s.lateTicks());
      row.putObject("readingToTelemetryMs")
          .put("p50", Percentiles.of(s.readingLatency(), 0.5))
          .put("p99", Percentiles.of(s.readingLatency(), 0.99))
          .put("readings", s.readingLatency().length);
      row.putObject("windowEndToFeaturesMs")
          .put("p50", Percentiles.of(s.windowLatency(), 0.5))
          .put("p99", Percentiles.of(s.windowLatency(), 0.99))
          .put("windows", s.windowLatency().length);
      row.put("featureWindows", s.windows());
      row.put("featureWindowsTwice", s.windowsTwice());
      row.put("gatewayWindowsScored", s.gatewayWindowsScored());
      row.put("gatewayPumpMinutes", s.gatewayPumpMinutes());
      ObjectNode lagNode = row.putObject("consumerLag");
      s.lag()
          .forEach(
              (group, series) -> {
                ArrayNode values = lagNode.putArray(group);
                series.forEach(values::add);
              });
      ObjectNode cpu = row.putObject("cpuPercent");
      s.cpuPercent().forEach((name, value) -> cpu.put(name, Math.round(value)));
      ObjectNode rss = row.putObject("peakRssMb");
      s.peakRssMb().forEach((name, value) -> rss.put(name, Math.round(value)));
      ArrayNode saturated = row.putArray("saturated");
      s.saturated().forEach(saturated::add);
    }
    report.finish(
        "fleet",
        json,
        new BarChart(
            "Fleet through the central path: readings/s offered and landed",
            "readings/s",
            categories,
            series(offered, landed)));
  }

  private static Map<String, double[]> series(double[] offered, double[] landed) {
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("offered", offered);
    series.put("landed", landed);
    return series;
  }

  private static String ms(long[] sorted, double q) {
    double value = Percentiles.of(sorted, q);
    return Double.isNaN(value) ? "-" : String.format("%.0f", value);
  }
}
