package io.pumpops.bench.loop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.cli.demo.Demo;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.TopicWatch;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.Scenario;
import java.io.OutputStream;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pumpops bench loop}: the closed loop of {@code pumpops demo} on an embedded stack of its
 * own, timed stage by stage from the moment the pumps' event time reaches the injected drift to the
 * new champion healthy on every gateway. Each stage ends when this benchmark sees its event (it
 * reads the topics in order, so a stage's end is observed within about 0.3 s).
 */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description =
        "Time from drift injection to the new champion on every gateway, by stage (detection, training "
            + "and registration, promotion, rollout), over several runs of the demo's loop.")
public final class LoopBench implements Callable<Integer> {

  private static final List<String> STAGES =
      List.of("detection", "training+registration", "promotion", "rollout");
  private static final String MODEL = "pump-anomaly";

  @Option(
      names = "--runs",
      defaultValue = "2",
      description =
          "loops to time, each on a fresh stack (default ${DEFAULT-VALUE}, about 3.5 min each)")
  int runs;

  @Option(
      names = "--speedup",
      defaultValue = "100",
      description = "pump time runs this much faster than real time (default ${DEFAULT-VALUE})")
  long speedup;

  @Option(
      names = "--after-change",
      defaultValue = "PT12H",
      description =
          "pump time to keep watching after the change "
              + "for further drift events and promotions (default ${DEFAULT-VALUE})")
  Duration afterChange;

  @Option(
      names = "--bake-time",
      defaultValue = "PT5S",
      description = "how long each gateway ring bakes (default ${DEFAULT-VALUE})")
  Duration bakeTime;

  @Mixin ResultsFolder results;

  @Override
  public Integer call() throws Exception {
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = Path.of(System.getProperty("pumpops.home", ".")).toAbsolutePath().normalize();
    List<Map<String, Duration>> measured = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      console.printf("run %d of %d: a fresh stack, every service, two gateways ...%n", run, runs);
      Outcome outcome = once(root, Files.createTempDirectory("pumpops-bench-loop"));
      measured.add(outcome.stages());
      outcomes.add(outcome);
      console.printf(
          "  %s%n  in the %s of pump time after the change: %d drift event(s), %d promotion(s) to champion%n",
          describe(outcome.stages()), afterChange, outcome.driftEvents(), outcome.promotions());
    }
    console.printf("%n%-24s", "stage (s)");
    for (int run = 1; run <= runs; run++) {
      console.printf(" %8s", "run " + run);
    }
    console.println();
    ObjectNode json =
        report.start(
            "loop",
            "pumpops bench loop --runs "
                + runs
                + " --speedup "
                + speedup
                + " --after-change "
                + afterChange
                + " --bake-time "
                + bakeTime);
    json.put("afterChange", afterChange.toString());
    json.put(
        "note",
        "wall-clock seconds; detection runs on pump time "
            + speedup
            + "x faster than real time, so its "
            + "pump-time delay is about "
            + speedup
            + " times the wall time; rollout includes "
            + bakeTime
            + " of bake per ring");
    ArrayNode runsJson = json.putArray("runs");
    outcomes.forEach(
        outcome -> {
          ObjectNode node = runsJson.addObject();
          outcome.stages().forEach((stage, d) -> node.put(stage, d.toMillis() / 1000.0));
          node.put("driftEventsAfterChange", outcome.driftEvents());
          node.put("promotionsPerChange", outcome.promotions());
        });
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      Map<String, Duration> stages = measured.get(run);
      series.put(
          "run " + (run + 1),
          STAGES.stream().mapToDouble(s -> stages.get(s).toMillis() / 1000.0).toArray());
    }
    for (String stage : STAGES) {
      console.printf("%-24s", stage);
      measured.forEach(stages -> console.printf(" %8.1f", stages.get(stage).toMillis() / 1000.0));
      console.println();
    }
    console.printf("%-24s", "total");
    measured.forEach(
        stages ->
            console.printf(
                " %8.1f", stages.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0));
    console.printf("%n%-24s", "drift events");
    outcomes.forEach(o -> console.printf(" %8d", o.driftEvents()));
    console.printf("%n%-24s", "promotions per change");
    outcomes.forEach(o -> console.printf(" %8d", o.promotions()));
    console.printf(
        "%n(detection is on pump time %dx faster than real time: about %d x its wall seconds of pump time; "
            + "drift events and promotions counted over %s of pump time after the change)%n",
        speedup, speedup, afterChange);
    report.finish(
        "loop",
        json,
        new BarChart(
            "Drift injection to the new champion on every gateway, by stage (wall s)",
            "seconds",
            STAGES,
            series));
    return 0;
  }

  /**
   * One loop: the stages' wall times, and what followed the change in the pump time watched after
   * it.
   */
  private record Outcome(Map<String, Duration> stages, int driftEvents, int promotions) {}

  private Outcome once(Path root, Path work) throws Exception {
    Demo.Settings defaults = Demo.Settings.defaults(root, work.resolve("demo"));
    // History long enough that the watched span after the change still runs at the speed-up.
    Demo.Settings settings =
        new Demo.Settings(
            root,
            work.resolve("demo"),
            false,
            List.of("site-a", "site-b"),
            5,
            speedup,
            defaults.driftAfter().plus(afterChange).plus(Duration.ofHours(1)),
            defaults.bootstrapAfter(),
            defaults.driftAfter(),
            Scenario.Kind.SENSOR_OFFSET,
            MODEL,
            bakeTime,
            Optional.empty(),
            "320m");
    Duration bound = Duration.ofMinutes(8);
    try (LocalStack stack = LocalStack.start(LocalStack.Settings.ephemeral(work.resolve("stack")));
        TopicWatch<DriftDetected> drifts =
            new TopicWatch<>(stack.addresses(), Topics.DRIFT_DETECTED, d -> true);
        TopicWatch<ModelRegistered> registrations =
            new TopicWatch<>(stack.addresses(), Topics.MODEL_REGISTERED, r -> r.getVersion() >= 2);
        TopicWatch<ModelPromoted> promotions =
            new TopicWatch<>(
                stack.addresses(),
                Topics.MODEL_PROMOTED,
                p ->
                    p.getAlias()
                            .toString()
                            .equals(io.pumpops.schemas.modelregistry.Aliases.CHAMPION)
                        && p.getVersion() >= 2);
        TopicWatch<Deployment> deployments =
            new TopicWatch<>(
                stack.addresses(),
                Topics.EDGE_DEPLOYMENTS,
                d -> d.getModelVersion() >= 2 && d.getStatus() == DeploymentStatus.HEALTHY);
        Demo demo =
            new Demo(
                settings, stack.addresses(), new PrintStream(OutputStream.nullOutputStream()))) {
      demo.start();
      Instant driftAt = demo.startedAt().plus(settings.driftAfter());
      long deadline = System.nanoTime() + bound.toNanos();
      while (demo.eventTime().isBefore(driftAt)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the pumps did not reach the drift in " + bound);
        }
        Thread.sleep(20);
      }
      Instant injected = Instant.now();
      drifts.awaitAtLeast(1, bound);
      Instant detected = Instant.now();
      registrations.awaitAtLeast(1, bound);
      Instant registered = Instant.now();
      promotions.awaitAtLeast(1, bound);
      Instant promoted = Instant.now();
      deployments.awaitUntil(
          all -> all.stream().map(Deployment::getGatewayId).distinct().count() == 2, bound);
      Instant rolledOut = Instant.now();
      Map<String, Duration> stages = new LinkedHashMap<>();
      stages.put("detection", Duration.between(injected, detected));
      stages.put("training+registration", Duration.between(detected, registered));
      stages.put("promotion", Duration.between(registered, promoted));
      stages.put("rollout", Duration.between(promoted, rolledOut));
      Instant watchedUntil = driftAt.plus(afterChange);
      long watchDeadline = System.nanoTime() + afterChange.dividedBy(speedup).plus(bound).toNanos();
      while (demo.eventTime().isBefore(watchedUntil)) {
        if (System.nanoTime() > watchDeadline) {
          throw new IllegalStateException(
              "the pumps did not reach " + afterChange + " after the change in time");
        }
        Thread.sleep(200);
      }
      // What feature-stream and drift-service had to say about that span has had a minute to
      // arrive.
      Thread.sleep(Duration.ofSeconds(60).toMillis());
      int driftEvents = drifts.awaitAtLeast(0, Duration.ofSeconds(5)).size();
      int promotionsAfter = promotions.awaitAtLeast(0, Duration.ofSeconds(5)).size();
      return new Outcome(stages, driftEvents, promotionsAfter);
    }
  }

  private static String describe(Map<String, Duration> stages) {
    StringBuilder text = new StringBuilder();
    stages.forEach(
        (stage, d) ->
            text.append(stage)
                .append(' ')
                .append(String.format("%.1f s  ", d.toMillis() / 1000.0)));
    return text.toString().trim();
  }
}
