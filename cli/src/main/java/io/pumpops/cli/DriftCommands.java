package io.pumpops.cli;

import io.pumpops.features.drift.DriftThresholds;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.DriftedFeature;
import io.pumpops.schemas.serde.PlainJson;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops drift status}: the fleet's latest drift statistics per feature, and the last
 * detections.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = "Drift of the fleet against the champion's reference profile, from the topics.",
    subcommands = {DriftCommands.Status.class})
final class DriftCommands {

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "The latest fleet window's statistics per feature (PSI against --psi-threshold marked),",
        "and the last drift detections. Exit code 0; 3 when the latest window has drifting features."
      })
  static final class Status implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--model",
        defaultValue = "pump-anomaly",
        description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
        names = "--psi-threshold",
        description =
            "The least PSI that counts as drifting, drift-service's watch (default: drift-service's"
                + " default floor); a feature's limit calibrated by its model (in the statistics) is"
                + " used where higher.")
    Double threshold;

    @Option(
        names = "--json",
        description = "JSON lines (the latest statistics per feature, then the detections).")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, DriftStatistics> latest = new TreeMap<>();
      List<DriftDetected> detections = new ArrayList<>();
      try {
        TopicRange.read(
            kafka.bootstrapServers,
            kafka.registryUrl,
            Topics.PUMP_DRIFT_STATS,
            null,
            TopicRange.Bound.NONE,
            TopicRange.Bound.NONE,
            r -> {
              DriftStatistics s = r.value();
              if (s.getModelName().toString().equals(model) && s.getPumpId() == null) {
                latest.merge(
                    s.getFeatureName().toString(),
                    s,
                    (a, b) -> b.getWindowEnd().isBefore(a.getWindowEnd()) ? a : b);
              }
            });
        TopicRange.read(
            kafka.bootstrapServers,
            kafka.registryUrl,
            Topics.DRIFT_DETECTED,
            null,
            TopicRange.Bound.NONE,
            TopicRange.Bound.NONE,
            r -> {
              if (r.value().getModelName().toString().equals(model)) {
                detections.add(r.value());
              }
            });
      } catch (KafkaException e) {
        spec.commandLine()
            .getErr()
            .println(
                "Could not read the drift topics from "
                    + kafka.bootstrapServers
                    + ": "
                    + e.getMessage());
        return 2;
      }
      PrintWriter out = spec.commandLine().getOut();
      long drifting = latest.values().stream().filter(this::drifting).count();
      if (json) {
        latest.values().forEach(s -> out.println(PlainJson.toJson(s)));
        detections.forEach(d -> out.println(PlainJson.toJson(d)));
      } else {
        print(out, latest, detections, drifting);
      }
      out.flush();
      return drifting > 0 ? 3 : 0;
    }

    private void print(
        PrintWriter out,
        Map<String, DriftStatistics> latest,
        List<DriftDetected> detections,
        long drifting) {
      if (latest.isEmpty()) {
        out.println(
            "No drift statistics for "
                + model
                + " yet (feature-stream compares once a champion is promoted).");
      } else {
        DriftStatistics any = latest.values().iterator().next();
        out.printf(
            "%s v%d, fleet window %s .. %s: %d of %d features over their PSI limit (at least %.2f)%n",
            model,
            any.getModelVersion(),
            any.getWindowStart(),
            any.getWindowEnd(),
            drifting,
            latest.size(),
            floor());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FEATURE", "PSI", "LIMIT", "KS", "WASSERSTEIN", "SAMPLES", ""});
        latest
            .values()
            .forEach(
                s ->
                    rows.add(
                        new String[] {
                          s.getFeatureName().toString(),
                          fmt(s.getPsi()),
                          fmt(limit(s)),
                          fmt(s.getKsStatistic()),
                          fmt(s.getWasserstein()),
                          Integer.toString(s.getSampleSize()),
                          drifting(s) ? "DRIFTING" : ""
                        }));
        Tables.print(out, rows);
      }
      out.println();
      out.println(detections.isEmpty() ? "No drift detected." : "Drift detected:");
      detections.stream()
          .skip(Math.max(0, detections.size() - 5))
          .forEach(
              d ->
                  out.printf(
                      "  %s v%d window %s .. %s: %s%n",
                      d.getModelName(),
                      d.getModelVersion(),
                      d.getWindowStart(),
                      d.getWindowEnd(),
                      d.getFeatures().stream()
                          .map(DriftedFeature::getFeatureName)
                          .map(Object::toString)
                          .collect(Collectors.joining(", "))));
    }

    /**
     * The feature's PSI limit: the model's calibrated one (in the record), never below
     * --psi-threshold.
     */
    private double limit(DriftStatistics s) {
      return s.getPsiLimit() == null ? floor() : Math.max(floor(), s.getPsiLimit());
    }

    /** --psi-threshold, or drift-service's default floor. */
    private double floor() {
      return threshold == null ? DriftThresholds.DEFAULTS.psi() : threshold;
    }

    private boolean drifting(DriftStatistics s) {
      return s.getPsi() != null && s.getPsi() > limit(s);
    }

    private static String fmt(Double value) {
      return value == null ? "-" : String.format("%.3f", value);
    }
  }
}
