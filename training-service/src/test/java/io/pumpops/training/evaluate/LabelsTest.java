package io.pumpops.training.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.simulator.Scenario;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import io.pumpops.training.pipeline.ReproducibleTraining;
import io.pumpops.training.replay.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;
  private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void readsThePeriodsOfTheSimulatorsGroundTruthFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ground-truth.jsonl");
    Files.writeString(
        file,
        """
        {"time":"2026-04-01T01:00:00Z","siteId":"skab","pumpId":"skab-valve1-3","event":"ANOMALY_WINDOW","end":"2026-04-01T01:05:00Z","source":"valve1/3"}
        {"time":"2026-04-01T01:02:00Z","siteId":"s","pumpId":"pump-1","event":"MALFORMED","seq":7}
        """);

    Labels labels = Labels.fromGroundTruth(file);

    assertThat(labels.intervals())
        .containsExactly(
            new Labels.Interval(
                "skab-valve1-3",
                Instant.parse("2026-04-01T01:00:00Z").toEpochMilli(),
                Instant.parse("2026-04-01T01:05:00Z").toEpochMilli()));
    assertThat(Labels.fromJson(labels.toJson())).isEqualTo(labels);
    assertThat(Labels.fromGroundTruth(dir.resolve("absent.jsonl")).isEmpty()).isTrue();
  }

  @Test
  void aMalformedLineIsAnErrorThatNamesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ground-truth.jsonl");
    Files.writeString(file, "{\"time\":\"2026-04-01T01:00:00Z\"}\nnot json\n");

    assertThatThrownBy(() -> Labels.fromGroundTruth(file)).hasMessageContaining("line 2");
  }

  @Test
  void labelledWindowsAreKeptOutOfTrainingAndScoredAsAnomalies() {
    Instant faultStart = T0.plus(Duration.ofHours(2));
    PumpWindows windows = new PumpWindows(SPEC);
    for (int p = 0; p < 4; p++) {
      List<Scenario> scenarios =
          p == 0
              ? List.of(
                  new Scenario(
                      "pump-0",
                      Scenario.Kind.BEARING_WEAR,
                      Duration.ofHours(2),
                      0.3,
                      Duration.ofMinutes(5)))
              : List.of();
      SyntheticPump pump =
          new SyntheticPump(
              "site",
              "pump-" + p,
              T0,
              Duration.ofSeconds(5),
              scenarios,
              11 + p,
              Optional.of(T0.plus(Duration.ofHours(3))));
      while (pump.nextTime().isPresent()) {
        SimulatedReading r = pump.next();
        windows.add(r.pumpId(), r.seq(), r.eventTime().toEpochMilli(), r.channels());
      }
    }
    Labels labels =
        new Labels(
            List.of(
                new Labels.Interval(
                    "pump-0",
                    faultStart.toEpochMilli(),
                    T0.plus(Duration.ofHours(3)).toEpochMilli())));
    ReproducibleTraining.Settings settings =
        new ReproducibleTraining.Settings(
            SPEC, PcaAnomalyModel.Settings.defaults(), 100, 0.05, 0.2, 42L);
    ReproducibleTraining.Prepared prepared =
        new ReproducibleTraining.Prepared(
            new Replay.Result(List.of(), 0, "not replayed"), windows.completeRows(), 0);

    ReproducibleTraining.Validated validated =
        ReproducibleTraining.validate(prepared, settings, labels);
    PcaAnomalyModel model =
        PcaAnomalyModel.fit(
            SPEC.featureNames(), validated.trainFeatures(), PcaAnomalyModel.Settings.defaults());
    List<double[]> rows = new ArrayList<>(validated.holdoutFeatures());
    validated.anomalous().forEach(r -> rows.add(r.features()));
    List<Boolean> truth = new ArrayList<>(Collections.nCopies(validated.holdout().size(), false));
    truth.addAll(Collections.nCopies(validated.anomalous().size(), true));
    AnomalyMetrics metrics =
        AnomalyMetrics.of(
            model.score(rows).stream().map(PcaAnomalyModel.Score::anomaly).toList(), truth);

    assertThat(validated.anomalous())
        .hasSizeGreaterThan(50)
        .allMatch(
            r ->
                r.pumpId().equals("pump-0")
                    && r.windowStartMillis() + SPEC.window().toMillis()
                        > faultStart.toEpochMilli());
    assertThat(validated.train())
        .noneMatch(
            r ->
                r.pumpId().equals("pump-0")
                    && r.windowStartMillis() + SPEC.window().toMillis()
                        > faultStart.toEpochMilli());
    assertThat(metrics.recall()).as(metrics.toString()).isGreaterThan(0.8);
    assertThat(metrics.precision()).isGreaterThan(0.5);
    assertThat(metrics.falseAlarmRate()).isLessThan(metrics.recall() / 4);
    assertThat(metrics.asMap("")).containsKeys("precision", "recall", "f1", "missedAlarmRate");
  }
}
