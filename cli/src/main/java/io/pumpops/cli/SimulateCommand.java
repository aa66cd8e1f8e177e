package io.pumpops.cli;

import io.pumpops.localstack.MqttCredentials;
import io.pumpops.simulator.GroundTruthLog;
import io.pumpops.simulator.PumpSource;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.Simulator;
import io.pumpops.simulator.SkabRecording;
import io.pumpops.simulator.SkabReplay;
import io.pumpops.simulator.SyntheticPump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pumpops simulate}: pumps publishing telemetry over MQTT, from SKAB recordings and/or a
 * synthetic model.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes realistic pump telemetry over MQTT to pumps/{site}/{pump}/telemetry.",
      "SKAB recordings become one pump each (timestamps shifted to now); synthetic pumps run until",
      "stopped, with faults and drifts injected at known times and written to a ground-truth file.",
      "Examples:",
      "  ./pumpops simulate --skab --skab-speedup 10",
      "  ./pumpops simulate --synthetic 5 --drift pump-2:SENSOR_OFFSET:PT5M --fault pump-4:BEARING_WEAR:PT10M"
    })
final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--skab",
      arity = "0..1",
      fallbackValue = "${sys:pumpops.home:-.}/../shared/data/skab",
      description =
          "Replay the SKAB CSV files under this folder, one pump per file (default folder: ${FALLBACK-VALUE}).")
  Path skab;

  @Option(
      names = "--skab-speedup",
      defaultValue = "1",
      description = "Play SKAB recordings this many times faster (default: ${DEFAULT-VALUE}).")
  double skabSpeedup;

  @Option(
      names = "--skab-site",
      defaultValue = "skab",
      description = "Site id of the SKAB pumps (default: ${DEFAULT-VALUE}).")
  String skabSite;

  @Option(
      names = "--synthetic",
      defaultValue = "-1",
      description =
          "Number of synthetic pumps pump-1..pump-N (default: 3 without --skab, 0 with it).")
  int synthetic;

  @Option(
      names = "--site",
      defaultValue = "site-1",
      description = "Site id of the synthetic pumps (default: ${DEFAULT-VALUE}).")
  String site;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description = "Readings per second per synthetic pump (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--fault",
      description =
          "Inject a fault: pumpId:KIND:after[:magnitude], KIND one of BEARING_WEAR, CAVITATION, SEAL_LEAK.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--drift",
      description =
          "Inject a drift: pumpId:KIND:after[:magnitude] (pumpId * for every pump), KIND one of SENSOR_OFFSET, SEASONAL_TEMPERATURE, SLOW_DEGRADATION.")
  List<String> drifts = new ArrayList<>();

  @Option(
      names = "--malformed-fraction",
      defaultValue = "0",
      description = "Share of messages sent malformed (default: ${DEFAULT-VALUE}).")
  double malformedFraction;

  @Option(
      names = "--duration",
      description =
          "Stop after this long (ISO-8601, e.g. PT10M); default: until the recordings end or Ctrl-C.")
  Duration duration;

  @Option(
      names = "--fast",
      description =
          "Publish at once instead of in real time (a backfill); needs --duration for synthetic pumps.")
  boolean fast;

  @Option(
      names = "--ground-truth",
      defaultValue = "${sys:pumpops.home:-.}/var/simulator/ground-truth.jsonl",
      description = "Where to write what was injected (default: ${DEFAULT-VALUE}).")
  Path groundTruth;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of the synthetic noise and the malformed choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--mqtt-url",
      defaultValue = "${env:PUMPOPS_MQTT_URL:-tcp://127.0.0.1:1883}",
      description = "MQTT broker (default: ${DEFAULT-VALUE}).")
  String mqttUrl;

  @Option(
      names = "--mqtt-username",
      defaultValue = "${env:PUMPOPS_MQTT_USERNAME:-pumpops}",
      description = "MQTT username (default: ${DEFAULT-VALUE}); empty for anonymous.")
  String mqttUsername;

  @Option(
      names = "--mqtt-password",
      defaultValue = "${env:PUMPOPS_MQTT_PASSWORD:-pumpops-dev}",
      description = "MQTT password.")
  String mqttPassword;

  @Override
  public Integer call() throws Exception {
    int syntheticPumps = synthetic >= 0 ? synthetic : (skab == null ? 3 : 0);
    if (fast && syntheticPumps > 0 && duration == null) {
      System.err.println(
          "--fast with synthetic pumps needs --duration: they never end by themselves.");
      return 2;
    }
    List<SkabRecording> recordings = List.of();
    if (skab != null) {
      if (!Files.isDirectory(skab)) {
        System.err.println("No SKAB data at " + skab + " (give the folder: --skab <dir>).");
        return 2;
      }
      recordings = SkabRecording.loadAll(skab);
    }
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    if (fast) {
      // A backfill: everything it publishes lies in the past, where ingest accepts it.
      Duration longest = duration == null ? Duration.ZERO : duration;
      for (SkabRecording r : recordings) {
        Duration played =
            Duration.ofNanos(
                (long) (r.rows().get(r.rows().size() - 1).offset().toNanos() / skabSpeedup));
        longest = played.compareTo(longest) > 0 ? played : longest;
      }
      start = start.minus(longest).minusSeconds(5);
    }
    Optional<Instant> until = Optional.ofNullable(duration).map(start::plus);
    List<Scenario> scenarios = new ArrayList<>();
    try {
      faults.forEach(f -> scenarios.add(checked(Scenario.parse(f), true)));
      drifts.forEach(d -> scenarios.add(checked(Scenario.parse(d), false)));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    List<PumpSource> sources = new ArrayList<>();
    try (GroundTruthLog log = new GroundTruthLog(groundTruth)) {
      for (SkabRecording recording : recordings) {
        String pumpId = "skab-" + recording.name().replace(".csv", "").replace('/', '-');
        SkabReplay replay = new SkabReplay(recording, skabSite, pumpId, start, skabSpeedup);
        replay.recordGroundTruth(log);
        sources.add(replay);
      }
      Duration interval = Duration.ofNanos((long) (1_000_000_000L / rate));
      for (int i = 1; i <= syntheticPumps; i++) {
        sources.add(new SyntheticPump(site, "pump-" + i, start, interval, scenarios, seed, until));
      }
      for (Scenario s : scenarios) {
        log.record(
            start.plus(s.after()),
            site,
            s.pumpId(),
            s.kind().isFault() ? "FAULT" : "DRIFT",
            Map.of(
                "kind",
                s.kind().name(),
                "magnitude",
                s.magnitude(),
                "rampSeconds",
                s.ramp().toSeconds()));
      }
      Optional<MqttCredentials> credentials =
          mqttUsername == null || mqttUsername.isBlank()
              ? Optional.empty()
              : Optional.of(new MqttCredentials(mqttUsername, mqttPassword));
      System.out.printf(
          "Simulating %d pumps (%d SKAB, %d synthetic) to %s; ground truth in %s. Ctrl-C stops.%n",
          sources.size(), sources.size() - syntheticPumps, syntheticPumps, mqttUrl, groundTruth);
      try (Simulator simulator =
          new Simulator(
              new Simulator.Settings(mqttUrl, credentials, malformedFraction, seed, !fast),
              log,
              Clock.systemUTC())) {
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop));
        Simulator.Result result = simulator.run(sources, until);
        System.out.printf(
            "Published %d readings and %d malformed messages.%n",
            result.readings(), result.malformed());
      }
    }
    return 0;
  }

  private Scenario checked(Scenario scenario, boolean fault) {
    if (scenario.kind().isFault() != fault) {
      throw new IllegalArgumentException(
          scenario.kind() + " is a " + (fault ? "drift; use --drift" : "fault; use --fault"));
    }
    return scenario;
  }
}
