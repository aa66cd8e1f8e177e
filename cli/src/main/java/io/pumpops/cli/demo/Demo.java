package io.pumpops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.DevelopmentProfile;
import io.pumpops.localstack.EdgeGatewayEnvironment;
import io.pumpops.localstack.ServiceCatalog;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.localstack.process.PrometheusProcess;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.simulator.GroundTruthLog;
import io.pumpops.simulator.PumpSource;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.Simulator;
import io.pumpops.simulator.SkabRecording;
import io.pumpops.simulator.SkabReplay;
import io.pumpops.simulator.SyntheticPump;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole closed loop on one stack: every service as its own JVM, edge gateways at their own
 * sites, synthetic pumps streaming over MQTT, a first champion bootstrapped from the first hours of
 * normal data ({@code bootstrapAfter}: three by default, so its drift limits are calibrated on
 * hours, not minutes), and a fleet-wide drift injected later, which the loop answers by itself
 * (detection, retraining by replay, registration, promotion, staged rollout to the gateways).
 *
 * <p>The pumps' event time starts {@code history} in the past and runs {@code speedup} times faster
 * than the wall clock until it catches up, so the hours the drift statistics need play in minutes;
 * the first {@code bootstrapAfter}, before there is a champion, play four times faster still.
 * {@code pumpops demo} runs this on fixed ports; the closed-loop test runs it on free ones. State
 * lives under {@code data}, so a second run continues where the first stopped.
 */
public final class Demo implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int BOOTSTRAP_ATTEMPTS = 5;
  private static final Duration BOOTSTRAP_RETRY = Duration.ofSeconds(20);

  /** How far short of the bootstrap span pump.telemetry may be when the first model trains. */
  private static final Duration BOOTSTRAP_SLACK = Duration.ofMinutes(2);

  /** How long (wall clock) the bootstrap waits for the pipeline to bring the span in. */
  private static final Duration BOOTSTRAP_DATA_WAIT = Duration.ofMinutes(5);

  /** How long the SKAB pumps replay before they stop: the history and a day of real time. */
  private static final Duration SKAB_REPLAY_SPAN = Duration.ofHours(30);

  private static final String SERVICE_HEAP = "320m";

  /**
   * How much faster than {@code speedup} a fresh demo plays the data its first champion is trained
   * on: with the defaults, the bootstrap's three hours take 45 s instead of three minutes.
   */
  private static final long BOOTSTRAP_SPEEDUP_FACTOR = 4;

  private static final int PROMETHEUS_PORT = 9090;

  /**
   * @param root the checkout, whose modules are packaged
   * @param data where every service keeps its state and logs
   * @param fixedPorts the services' usual ports (8181..8187, gateways from 8190); false: any free
   *     ones
   * @param sites one edge gateway per site
   * @param speedup how much faster than real time the pumps' event time runs until it catches up
   * @param bootstrapAfter event time of normal data the first champion is trained on
   * @param driftAfter event time after the start at which the drift begins, for every pump
   * @param bakeTime how long a ring must run a new model healthy before the next gets it
   * @param skab a folder of SKAB recordings: each site gets one more pump that replays them (real
   *     pump data, with its labelled valve faults), next to the synthetic ones
   * @param gatewayHeap each edge gateway's -Xmx (the services get 320m); {@code pumpops bench
   *     memory} runs them smaller, as on the small boxes at the sites
   */
  public record Settings(
      Path root,
      Path data,
      boolean fixedPorts,
      List<String> sites,
      int pumpsPerSite,
      long speedup,
      Duration history,
      Duration bootstrapAfter,
      Duration driftAfter,
      Scenario.Kind driftKind,
      String model,
      Duration bakeTime,
      Optional<Path> skab,
      String gatewayHeap) {

    public static Settings defaults(Path root, Path data) {
      return new Settings(
          root,
          data,
          true,
          List.of("site-a", "site-b"),
          5,
          60,
          // The offset comes two hours of pump time after the bootstrap's data: the bootstrap waits
          // for the pipeline to bring its three hours in (with --skab's 1 Hz pumps, about 40
          // minutes
          // of pump time here), then the champion is packaged and baked ring by ring; a rollout
          // that
          // meets the offset is rightly rolled back (seen with one hour, 2026-12-03).
          Duration.ofHours(9),
          Duration.ofHours(3),
          Duration.ofHours(5),
          Scenario.Kind.SENSOR_OFFSET,
          "pump-anomaly",
          Duration.ofSeconds(20),
          Optional.empty(),
          SERVICE_HEAP);
    }
  }

  /** The gateways listen from the catalog's edge-gateway port up, one port per site. */
  private static final ServiceCatalog.Service GATEWAY =
      ServiceCatalog.get(ServiceCatalog.EDGE_GATEWAY);

  private final Settings settings;
  private final StackAddresses stack;
  private final PrintStream out;
  private final Map<String, ServiceProcess> services =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final ServiceSupervisor supervisor;
  private final ScheduledExecutorService background =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "demo");
            t.setDaemon(true);
            return t;
          });
  private final OperatorRequests requests = new OperatorRequests();
  private final Instant start;
  private final boolean resumed;
  private volatile Clock clock = Clock.systemUTC();
  private LoopConsole console;
  private PrometheusProcess prometheus;
  private Simulator simulator;
  private CompletableFuture<Simulator.Result> simulation;

  public Demo(Settings settings, StackAddresses stack, PrintStream out) {
    this.settings = settings;
    this.stack = stack;
    this.out = out;
    this.supervisor = new ServiceSupervisor(out, Clock.systemUTC());
    Optional<Instant> resumeAt = resumePoint();
    this.resumed = resumeAt.isPresent();
    this.start =
        resumeAt.orElse(Instant.now().minus(settings.history()).truncatedTo(ChronoUnit.HOURS));
  }

  /**
   * Starts the services and gateways, then the pumps and the bootstrap; returns once all are up.
   */
  public Demo start() {
    // One at a time: starting a JVM is mostly CPU, and side by side (three at once, tried
    // 2026-12-03) the demo's services took as long on two cores, with their lines out of order.
    for (ServiceCatalog.Service service : ServiceCatalog.central()) {
      startService(service.name(), service.port(), service, p -> environment(service.module(), p));
    }
    for (int i = 0; i < settings.sites().size(); i++) {
      String gateway = gatewayId(i);
      String site = settings.sites().get(i);
      startService(gateway, GATEWAY.port() + i, GATEWAY, p -> gatewayEnvironment(gateway, site, p));
    }
    startPrometheus();
    console =
        new LoopConsole(
            stack.bootstrapServers(), SchemaRegistryClient.of(stack.schemaRegistryUrl()), out);
    startPumps();
    background.scheduleAtFixedRate(this::saveResumePoint, 10, 10, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(this::superviseServices, 2, 2, TimeUnit.SECONDS);
    background.execute(this::bootstrapChampion);
    return this;
  }

  /**
   * Where the machine has Prometheus, it scrapes every service and gateway with the repository's
   * configuration and alert rules (monitoring/prometheus), as docker-compose's would.
   */
  private void startPrometheus() {
    Optional<Path> binary = PrometheusProcess.binary();
    if (binary.isEmpty()) {
      out.printf(
          "  %-17s not installed: no alerting in this demo (apt-get install prometheus adds it)%n",
          "prometheus");
      return;
    }
    List<PrometheusProcess.Target> targets = new ArrayList<>();
    synchronized (services) {
      services.forEach(
          (name, process) -> {
            boolean gateway = gatewayIds().contains(name);
            targets.add(
                new PrometheusProcess.Target(
                    gateway ? "pumpops-gateways" : "pumpops-services",
                    gateway ? ServiceCatalog.EDGE_GATEWAY : name,
                    process.baseUrl(),
                    gateway ? Map.of("gateway", name) : Map.of()));
          });
    }
    long started = System.nanoTime();
    Path log = settings.data().resolve("logs").resolve("prometheus.log");
    prometheus =
        PrometheusProcess.start(
            binary.get(),
            settings.root().resolve("monitoring/prometheus"),
            settings.data().resolve("prometheus"),
            settings.fixedPorts() ? PROMETHEUS_PORT : 0,
            targets,
            log,
            START_TIMEOUT);
    out.printf(
        "  %-17s up at %-24s (%4.1f s)  log: %s%n",
        "prometheus",
        prometheus.url(),
        (System.nanoTime() - started) / 1e9,
        settings.root().relativize(log.toAbsolutePath()));
  }

  /** Prometheus's address, when the machine has Prometheus. */
  public Optional<URI> prometheusUrl() {
    return Optional.ofNullable(prometheus).map(PrometheusProcess::url);
  }

  private void superviseServices() {
    try {
      supervisor.check();
    } catch (RuntimeException e) {
      out.printf("  supervisor        %s%n", e);
    }
  }

  /** The process id of each service and gateway JVM, by name (benchmarks read their memory). */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    synchronized (services) {
      services.forEach((name, process) -> pids.put(name, process.pid()));
    }
    return pids;
  }

  public URI url(String service) {
    return services.get(service).baseUrl();
  }

  public List<String> gatewayIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < settings.sites().size(); i++) {
      ids.add(gatewayId(i));
    }
    return ids;
  }

  /** The pumps' current event time. */
  public Instant eventTime() {
    return clock.instant();
  }

  public Instant startedAt() {
    return start;
  }

  /** Stops the pumps and says how many readings they published. */
  public Simulator.Result stopPumps() {
    simulator.stop();
    return simulation.join();
  }

  private void startService(
      String name,
      int fixedPort,
      ServiceCatalog.Service service,
      IntFunction<Map<String, String>> environment) {
    long started = System.nanoTime();
    ServiceProcess process =
        launch(name, service, settings.fixedPorts() ? fixedPort : 0, environment);
    services.put(name, process);
    // Restarted on the port it has now: the other services and gateways reach it there.
    int port = process.baseUrl().getPort();
    supervisor.watch(
        name,
        process,
        () -> {
          ServiceProcess again = launch(name, service, port, environment);
          services.put(name, again);
          return again;
        });
    out.printf(
        "  %-17s up at %-24s (%4.1f s)  log: %s%n",
        name,
        process.baseUrl(),
        (System.nanoTime() - started) / 1e9,
        settings.root().relativize(process.log().toAbsolutePath()));
  }

  private ServiceProcess launch(
      String name,
      ServiceCatalog.Service service,
      int port,
      IntFunction<Map<String, String>> environment) {
    String heap = service.atTheEdge() ? settings.gatewayHeap() : SERVICE_HEAP;
    ServiceProcess.Launch launch =
        ServiceProcess.Launch.of(
            service,
            settings.root().resolve(service.module()),
            port,
            settings.data().resolve("logs").resolve(name + ".log"),
            heap);
    return ServiceProcess.start(
        // The central services run light (ServiceProcess.LIGHT_JVM); the gateways keep the JVM's
        // defaults, since bench memory measures their heap and pauses through the demo.
        service.atTheEdge() ? launch : launch.withJvmOptions(ServiceProcess.LIGHT_JVM),
        environment,
        START_TIMEOUT);
  }

  private Map<String, String> environment(String service, int port) {
    Map<String, String> env = stack.serviceEnvironment();
    Path state = settings.data().resolve(service).toAbsolutePath();
    switch (service) {
      case "registry-service" ->
          env.put("PUMPOPS_REGISTRY_ARTIFACT_DIRECTORY", state.resolve("artifacts").toString());
      // One ingest instance here, so no shared subscription: under the demo's load the embedded
      // HiveMQ CE can stop delivering to a QoS 1 shared subscriber while the connection stays up
      // (hivemq-community-edition issue 558, seen here: one reading, then nothing). MQTT 3.1.1
      // with a persistent session and manual acknowledgements loses nothing either.
      case "ingest-service" -> {
        env.put("PUMPOPS_MQTT_PROTOCOL_VERSION", "3");
        env.putAll(mqttLogin(MqttAccessPolicy.INGEST));
      }
      case "feature-stream" -> {
        env.put("PUMPOPS_FEATURE_STREAM_STATE_DIRECTORY", state.toString());
        // Event time runs fast here, so the pipeline's lag is minutes of event time: more grace.
        env.put("PUMPOPS_FEATURE_STREAM_GRACE", "PT5M");
        env.put("PUMPOPS_FEATURE_STREAM_DRIFT_GRACE", "PT45M");
      }
      case "drift-service" -> env.put("PUMPOPS_DRIFT_STATE_DIRECTORY", state.toString());
      case "training-service" -> {
        env.put("PUMPOPS_TRAINING_MODELS", settings.model());
        env.put("PUMPOPS_TRAINING_REGISTRY_URL", url("registry-service").toString());
        env.put("PUMPOPS_TRAINING_SCHEDULE_EVERY", "PT0S");
        // What the simulator knows (the SKAB pumps' labelled faults) is kept out of fitting and
        // scored in evaluation, as an operator's labels would be.
        env.put("PUMPOPS_TRAINING_GROUND_TRUTH", groundTruthFile().toString());
      }
      case "deploy-service" -> {
        env.put("PUMPOPS_DEPLOY_MODELS", settings.model());
        env.put("PUMPOPS_DEPLOY_REGISTRY_URL", url("registry-service").toString());
        env.put("PUMPOPS_DEPLOY_STATE_DIRECTORY", state.toString());
        env.put("PUMPOPS_DEPLOY_PUBLIC_URL", "http://127.0.0.1:" + port);
        env.putAll(signingKeys().deployEnvironment());
        env.putAll(mqttLogin(MqttAccessPolicy.DEPLOY));
        env.put("PUMPOPS_DEPLOY_BAKE_TIME", settings.bakeTime().toString());
        env.put("PUMPOPS_DEPLOY_SECOND_RING_PERCENT", "50");
        env.put("PUMPOPS_DEPLOY_MIN_SCORED_FOR_RATE", "10");
        // A dozen JVMs share this machine's cores: judge latency loosely (RolloutRulesTest covers
        // the rule).
        env.put("PUMPOPS_DEPLOY_MAX_LATENCY_FACTOR", "10");
      }
      default -> {}
    }
    return env;
  }

  private Map<String, String> gatewayEnvironment(String gateway, String site, int port) {
    // One broker for the sites and the cloud here: the pumps reach ingest directly, the gateways
    // score.
    Map<String, String> env =
        new EdgeGatewayEnvironment(
                gateway,
                site,
                settings.data().resolve(gateway),
                port,
                stack.mqttUrl(),
                stack,
                signingKeys().publicKey())
            .variables();
    env.put("PUMPOPS_EDGE_HEARTBEAT_INTERVAL", "PT2S");
    return env;
  }

  /** A service's own MQTT login, confined to its job's topics (MqttAccessPolicy). */
  private Map<String, String> mqttLogin(String identity) {
    return stack
        .mqttCredentials()
        .map(c -> c.forIdentity(identity))
        .map(
            c ->
                Map.of(
                    "PUMPOPS_MQTT_USERNAME", c.username(), "PUMPOPS_MQTT_PASSWORD", c.password()))
        .orElse(Map.of());
  }

  /** This demo's package-signing pair, made at its first start and kept with its data. */
  private DevSigningKeys signingKeys() {
    return DevSigningKeys.loadOrCreate(settings.data().resolve("keys"));
  }

  private String gatewayId(int i) {
    return "gw-" + (i + 1);
  }

  private void startPumps() {
    // The pumps' clock starts now, not when the services began starting: the first hour must be
    // paced too. Until a fresh demo's first champion there is nothing to score and no drift to
    // judge, so the bootstrap's data plays faster (a resumed demo has its champion).
    Duration quick = resumed ? Duration.ZERO : settings.bootstrapAfter();
    clock =
        new CatchUpClock(
            start,
            quick,
            settings.speedup() * BOOTSTRAP_SPEEDUP_FACTOR,
            settings.speedup(),
            Clock.systemUTC());
    Instant driftAt = start.plus(settings.driftAfter());
    List<PumpSource> pumps = new ArrayList<>();
    int seed = 7;
    for (String site : settings.sites()) {
      for (int p = 1; p <= settings.pumpsPerSite(); p++) {
        pumps.add(
            new SyntheticPump(
                site,
                site + "-pump-" + p,
                start,
                Duration.ofSeconds(5),
                List.of(
                    Scenario.of(Scenario.EVERY_PUMP, settings.driftKind(), settings.driftAfter())),
                seed++,
                Optional.empty()));
      }
    }
    GroundTruthLog groundTruth = new GroundTruthLog(groundTruthFile());
    settings.skab().ifPresent(folder -> pumps.addAll(skabPumps(folder, groundTruth)));
    for (String site : settings.sites()) {
      groundTruth.record(
          driftAt, site, Scenario.EVERY_PUMP, "DRIFT", Map.of("kind", settings.driftKind().name()));
    }
    Simulator pumpsSimulator =
        new Simulator(
            new Simulator.Settings(stack.mqttUrl(), stack.mqttCredentials(), 0, 42, true),
            groundTruth,
            clock);
    simulator = pumpsSimulator;
    out.printf(
        "  pumps             %d synthetic pumps at %s; event time starts %s, %dx real time until it catches up%s%n",
        settings.sites().size() * settings.pumpsPerSite(),
        settings.sites(),
        start,
        settings.speedup(),
        quick.isZero()
            ? ""
            : String.format(
                " (%dx for the first %d minutes, before there is a champion)",
                settings.speedup() * BOOTSTRAP_SPEEDUP_FACTOR, quick.toMinutes()));
    out.printf(
        "  drift             %s on every synthetic pump at %s (event time)%n",
        settings.driftKind(), driftAt);
    simulation =
        CompletableFuture.supplyAsync(
            () -> {
              try (groundTruth;
                  pumpsSimulator) {
                return pumpsSimulator.run(pumps, Optional.empty());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Simulator.Result(0, 0);
              }
            },
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "pumps");
                  t.setDaemon(true);
                  return t;
                }));
  }

  /**
   * One pump per site replaying one of SKAB's labelled experiments over and over in its own time (1
   * Hz, a valve fault in every 20-minute pass), each site another; the labelled faults go to the
   * ground truth. Looping one recording keeps the SKAB pumps stationary at the scale of the drift
   * windows: played in sequence, the rig's own regime changes (its motor cooling over the first
   * experiments, the anomaly-free recording from another day) are drift the fleet-wide statistics
   * rightly report, and the cool-down after that detection would hide the drift the demo injects
   * into the synthetic pumps.
   */
  private List<PumpSource> skabPumps(Path folder, GroundTruthLog groundTruth) {
    List<SkabRecording> experiments =
        SkabRecording.loadAll(folder).stream()
            .filter(SkabRecording::labelled)
            .sorted(Comparator.comparing(Demo::recordingOrder))
            .toList();
    if (experiments.isEmpty()) {
      throw new IllegalArgumentException("no labelled SKAB recording under " + folder);
    }
    List<PumpSource> pumps = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < settings.sites().size(); i++) {
      String site = settings.sites().get(i);
      SkabRecording recording = experiments.get((i * 3) % experiments.size());
      SkabReplay replay =
          SkabReplay.looping(recording, site, site + "-skab", start, SKAB_REPLAY_SPAN);
      replay.recordGroundTruth(groundTruth);
      pumps.add(replay);
      names.add(site + ": " + recording.name());
    }
    out.printf(
        "  SKAB              one pump per site replays a SKAB recording of %s in a loop (%s)%n",
        folder, String.join(", ", names));
    return pumps;
  }

  /** valve1/2.csv before valve1/10.csv: folder, then the file's number. */
  private static String recordingOrder(SkabRecording recording) {
    Matcher numbered = Pattern.compile("^(.*?)(\\d+)\\.csv$").matcher(recording.name());
    return numbered.matches()
        ? numbered.group(1) + String.format("%09d", Long.parseLong(numbered.group(2)))
        : recording.name();
  }

  /**
   * Without a champion nothing is scored and drift has no reference: once {@code bootstrapAfter} of
   * normal data is in, ask training-service for a model on it. Its gate promotes it; should the
   * first model not pass (there is nothing to compare it with but the false-alarm limit), the demo
   * promotes it by hand, saying so, as an operator would.
   */
  private void bootstrapChampion() {
    ModelRegistryClient registry =
        new ModelRegistryClient(url("registry-service"), DevelopmentProfile.TOKEN);
    try {
      if (registry
          .alias(settings.model(), io.pumpops.schemas.modelregistry.Aliases.CHAMPION)
          .isPresent()) {
        out.printf(
            "  bootstrap         %s already has a champion: the loop carries on from there%n",
            settings.model());
        return;
      }
      Instant ready = start.plus(settings.bootstrapAfter());
      while (clock.instant().isBefore(ready)) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
      awaitTelemetry(ready.minus(BOOTSTRAP_SLACK));
      out.printf(
          "  bootstrap         training the first champion on the first %d minutes of normal data%n",
          settings.bootstrapAfter().toMinutes());
      for (int attempt = 1; attempt <= BOOTSTRAP_ATTEMPTS; attempt++) {
        JsonNode status = trainOnEverythingSoFar();
        if (registry
            .alias(settings.model(), io.pumpops.schemas.modelregistry.Aliases.CHAMPION)
            .isPresent()) {
          return;
        }
        if (status.path("version").isInt()) {
          registry.setAlias(
              settings.model(),
              io.pumpops.schemas.modelregistry.Aliases.CHAMPION,
              status.path("version").asInt(),
              "demo bootstrap: first model, promoted by hand ("
                  + status.path("message").asText()
                  + ")");
          return;
        }
        // Most often the pipeline has not caught up with the pumps yet: more data, and again.
        out.printf(
            "  bootstrap         attempt %d: %s; trying again in %d s%n",
            attempt, status.path("message").asText(), BOOTSTRAP_RETRY.toSeconds());
        TimeUnit.SECONDS.sleep(BOOTSTRAP_RETRY.toSeconds());
      }
      out.printf(
          "  bootstrap         gave up; see %s%n",
          settings.data().resolve("logs/training-service.log"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      out.printf("  bootstrap         failed: %s%n", e.getMessage());
    }
  }

  /**
   * Waits (at most {@link #BOOTSTRAP_DATA_WAIT}) until pump.telemetry holds readings up to {@code
   * until}: the pumps' clock runs ahead of ingest at the bootstrap's speed-up, and the first model
   * should know the span it is announced to (each pump's own baseline needs it, ADR 21).
   */
  private void awaitTelemetry(Instant until) throws InterruptedException {
    long deadline = System.nanoTime() + BOOTSTRAP_DATA_WAIT.toNanos();
    Optional<Instant> reached = Optional.empty();
    try (TelemetryProgress progress = new TelemetryProgress(stack.bootstrapServers())) {
      boolean said = false;
      while (System.nanoTime() < deadline) {
        reached = progress.reached();
        if (reached.isPresent() && !reached.get().isBefore(until)) {
          return;
        }
        if (!said) {
          out.printf(
              "  bootstrap         waiting for the pipeline: pump.telemetry reaches %s, training needs %s%n",
              reached.map(Instant::toString).orElse("nothing yet"), until);
          said = true;
        }
        TimeUnit.SECONDS.sleep(2);
      }
    } catch (RuntimeException e) {
      out.printf(
          "  bootstrap         could not read pump.telemetry's progress: %s%n", e.getMessage());
      return;
    }
    out.printf(
        "  bootstrap         pump.telemetry reached only %s after %d s: training on what is there%n",
        reached.map(Instant::toString).orElse("nothing"), BOOTSTRAP_DATA_WAIT.toSeconds());
  }

  private JsonNode trainOnEverythingSoFar() throws IOException, InterruptedException {
    Duration lookback =
        Duration.between(start, Instant.now()).plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
    JsonNode accepted =
        requests.post(
            url("training-service").resolve("/runs"),
            JSON.createObjectNode()
                .put("model", settings.model())
                .put("lookback", lookback.toString()));
    String runId = accepted.path("runId").asText();
    JsonNode status;
    do {
      TimeUnit.SECONDS.sleep(1);
      status = requests.get(url("training-service").resolve("/runs/" + runId));
    } while (!status.path("state").asText().equals("finished"));
    return status;
  }

  private Path groundTruthFile() {
    return settings.data().resolve("simulator/ground-truth.jsonl");
  }

  private Path resumeFile() {
    return settings.data().resolve("demo.properties");
  }

  /**
   * Where the last run's pumps stopped, if it is recent enough for ingest (a week) and not in the
   * future.
   */
  private Optional<Instant> resumePoint() {
    if (!Files.isRegularFile(resumeFile())) {
      return Optional.empty();
    }
    Properties saved = new Properties();
    try (var in = Files.newInputStream(resumeFile())) {
      saved.load(in);
      Instant at = Instant.parse(saved.getProperty("eventTime"));
      Instant now = Instant.now();
      return at.isAfter(now.minus(Duration.ofDays(6))) && at.isBefore(now)
          ? Optional.of(at)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void saveResumePoint() {
    Properties saved = new Properties();
    saved.setProperty("eventTime", clock.instant().toString());
    try {
      Files.createDirectories(settings.data());
      try (var outFile = Files.newOutputStream(resumeFile())) {
        saved.store(
            outFile, "where pumpops demo's pumps stopped; the next run continues from here");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops everything, newest first: pumps, console, gateways, then the services. */
  @Override
  public void close() {
    if (simulator != null) {
      simulator.stop();
      saveResumePoint();
    }
    background.shutdownNow();
    if (console != null) {
      console.close();
    }
    List<ServiceProcess> running;
    synchronized (services) {
      running = new ArrayList<>(services.values());
    }
    if (prometheus != null) {
      prometheus.close();
    }
    // Each service shuts down cleanly on SIGTERM (its grace is its own), so they stop side by side.
    runSideBySide(running.stream().<Runnable>map(p -> p::close).toList(), running.size());
  }

  /**
   * Runs the tasks on up to {@code parallelism} threads and returns when all have ended; the first
   * failure is rethrown once all have.
   */
  private static void runSideBySide(List<Runnable> tasks, int parallelism) {
    if (tasks.isEmpty()) {
      return;
    }
    java.util.concurrent.ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()));
    try {
      List<CompletableFuture<Void>> running =
          tasks.stream().map(t -> CompletableFuture.runAsync(t, pool)).toList();
      try {
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    } finally {
      pool.shutdown();
    }
  }
}
