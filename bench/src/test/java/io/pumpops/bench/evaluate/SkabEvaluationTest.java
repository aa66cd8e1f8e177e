package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkabEvaluationTest {

  private static final Path SKAB = Path.of("../../shared/data/skab").toAbsolutePath().normalize();
  private static final PcaAnomalyModel.Settings SETTINGS = PcaAnomalyModel.Settings.defaults();
  private static final List<Detector> DETECTORS =
      List.of(new PointPcaDetector(SETTINGS), new WindowPcaDetector(FeatureSpec.PUMP_V1, SETTINGS));

  @Test
  void aFolderItHasNeverSeenIsEvaluatedAndAClearFaultIsFound(@TempDir Path folder)
      throws IOException {
    Files.createDirectories(folder.resolve("experiments"));
    writeSkabFile(folder.resolve("experiments/a.csv"), 1, 1500, 900, 1200, true);
    writeSkabFile(folder.resolve("experiments/b.csv"), 2, 1500, 1000, 1300, true);
    writeSkabFile(folder.resolve("free.csv"), 3, 1000, -1, -1, false);

    SkabEvaluation.Report report = new SkabEvaluation(600).run(folder, DETECTORS);

    assertThat(report.skipped())
        .singleElement()
        .asString()
        .contains("free.csv")
        .contains("no anomaly labels");
    assertThat(report.detectors())
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.files())
                  .extracting(SkabEvaluation.FileResult::file)
                  .containsExactly("experiments/a.csv", "experiments/b.csv");
              assertThat(d.files()).allSatisfy(f -> assertThat(f.error()).isNull());
              assertThat(d.pooled().rows()).isEqualTo(2 * 900);
            });
    OutlierCounts points = report.detectors().get(0).pooled();
    // The fault moves flow by 20 standard deviations: a point model must see nearly all of it.
    assertThat(points.missedAlarmRate()).isLessThan(0.05);
    assertThat(points.falseAlarmRate()).isLessThan(0.1);
    assertThat(points.f1()).isGreaterThan(0.9);
  }

  @Test
  void aFolderWithoutLabelledFilesIsAClearError(@TempDir Path folder) throws IOException {
    writeSkabFile(folder.resolve("free.csv"), 3, 1000, -1, -1, false);

    assertThatThrownBy(() -> new SkabEvaluation(400).run(folder, DETECTORS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no labelled SKAB-format CSV file");
    assertThatThrownBy(() -> new SkabEvaluation(400).run(folder.resolve("missing"), DETECTORS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void underTheEnoughDataProtocolTheWindowModelFitsOnTheHealthyRecordingAndFindsAClearFault(
      @TempDir Path folder) throws IOException {
    writeSkabFile(folder.resolve("a.csv"), 1, 1500, 900, 1200, true);
    writeSkabFile(folder.resolve("free.csv"), 3, 4000, -1, -1, false);
    List<io.pumpops.simulator.SkabRecording> healthy =
        List.of(io.pumpops.simulator.SkabRecording.load(folder.resolve("free.csv")));
    WindowPcaDetector enough = new WindowPcaDetector(FeatureSpec.PUMP_V1, SETTINGS, healthy);

    SkabEvaluation.Report report = new SkabEvaluation(400).run(folder, List.of(enough));

    assertThat(enough.name()).isEqualTo("pca-t2-q/windows+anomaly-free");
    assertThat(enough.description()).contains("free.csv").contains("enough-data protocol");
    OutlierCounts windows = report.detectors().get(0).pooled();
    assertThat(windows.rows()).as("the same test rows as the published protocol").isEqualTo(1100);
    // A window still holds fault readings for a minute after the fault ends, and those rows are
    // labelled normal: about a fifth of the normal test rows here.
    assertThat(windows.falseAlarmRate()).isLessThan(0.3);
    assertThat(windows.missedAlarmRate())
        .as("a window ends in the fault a minute at most after it starts")
        .isLessThan(0.25);
  }

  @Test
  void theRealSkabFoldersRunUnderThePublishedProtocol() {
    assumeTrue(
        Files.isDirectory(SKAB),
        "SKAB data not found at "
            + SKAB
            + " (a clone has no ../shared; this test needs the shared data folder)");

    SkabEvaluation.Report report = new SkabEvaluation(400).run(SKAB, DETECTORS);

    assertThat(report.skipped()).singleElement().asString().contains("anomaly-free");
    assertThat(report.detectors())
        .allSatisfy(
            d -> {
              assertThat(d.files()).hasSize(20);
              // Every test row of valve1 and valve2 after the first 400 of each file.
              assertThat(d.pooled().rows()).isEqualTo(18_160 + 4_312 - 20 * 400);
            });
    // Point-wise PCA on SKAB is a real detector: better than flagging everything (F1 ~0.70 at 100 %
    // FAR).
    OutlierCounts points = report.detectors().get(0).pooled();
    assertThat(points.falseAlarmRate()).isLessThan(0.9);
    assertThat(points.f1()).isGreaterThan(0.6);
  }

  @Test
  void onTheRealSkabFoldersTheWindowModelWithEnoughDataStaysUnderThirtyPercentFalseAlarms() {
    assumeTrue(
        Files.isDirectory(SKAB),
        "SKAB data not found at "
            + SKAB
            + " (a clone has no ../shared; this test needs the shared data folder)");
    List<io.pumpops.simulator.SkabRecording> healthy =
        io.pumpops.simulator.SkabRecording.loadAll(SKAB).stream()
            .filter(r -> !r.labelled())
            .toList();
    assertThat(healthy)
        .extracting(io.pumpops.simulator.SkabRecording::name)
        .singleElement()
        .asString()
        .contains("anomaly-free");

    SkabEvaluation.Report report =
        new SkabEvaluation(400)
            .run(SKAB, List.of(new WindowPcaDetector(FeatureSpec.PUMP_V1, SETTINGS, healthy)));

    // Issue 21's target for the production model under this protocol: FAR below 30 % (measured 13
    // %).
    OutlierCounts windows = report.detectors().get(0).pooled();
    assertThat(windows.rows()).isEqualTo(18_160 + 4_312 - 20 * 400);
    assertThat(windows.falseAlarmRate()).isLessThan(0.30);
    assertThat(report.detectors().get(0).nab().normalised(0)).as("NAB standard").isGreaterThan(0);
  }

  @Test
  void onTheRealSkabFoldersScaledChiSquareLimitsAtOneInAMillionTradeMissesForFewerFalseAlarms() {
    assumeTrue(
        Files.isDirectory(SKAB),
        "SKAB data not found at "
            + SKAB
            + " (a clone has no ../shared; this test needs the shared data folder)");
    PointPcaDetector empirical = new PointPcaDetector(SETTINGS);
    PointPcaDetector fitted =
        new PointPcaDetector(
            new PcaAnomalyModel.Settings(
                SETTINGS.varianceToKeep(), 0.999999, ControlLimit.SCALED_CHI_SQUARE));

    SkabEvaluation.Report report = new SkabEvaluation(400).run(SKAB, List.of(empirical, fitted));

    // Measured 52 % and 24 % false alarms, 15 % and 44 % missed (bench/RESULTS.md): the rig's
    // warming, not the estimator, sets how far a limit must be to stay quiet.
    OutlierCounts before = report.detectors().get(0).pooled();
    OutlierCounts after = report.detectors().get(1).pooled();
    assertThat(after.falseAlarmRate()).isLessThan(0.266).isLessThan(before.falseAlarmRate() / 2);
    assertThat(after.missedAlarmRate()).isGreaterThan(before.missedAlarmRate());
  }

  @Test
  void aChoiceJudgesEachFileWithTheCandidateBestOnTheOtherFiles(@TempDir Path folder)
      throws IOException {
    writeSkabFile(folder.resolve("a.csv"), 1, 1500, 900, 1200, true);
    writeSkabFile(folder.resolve("b.csv"), 2, 1500, 1000, 1300, true);
    writeSkabFile(folder.resolve("c.csv"), 3, 1500, 700, 1000, true);
    // A candidate that never alarms scores F1 0 everywhere; the sensible one must win every fold.
    Detector silent = new LocalLevelDetector(new LocalLevelDetector.Settings(1, 1e6));
    Detector sensible = new LocalLevelDetector(new LocalLevelDetector.Settings(0.2, 1.5));
    SkabEvaluation.Choice choice =
        new SkabEvaluation.Choice(
            "choice", "for the test", List.of(silent, sensible), List.of(1, 5));

    SkabEvaluation.Report report = new SkabEvaluation(400).run(folder, List.of(), List.of(choice));

    assertThat(report.detectors())
        .extracting(SkabEvaluation.DetectorResult::detector)
        .containsExactly("choice", "choice+alarm");
    SkabEvaluation.DetectorResult points = report.detectors().get(0);
    assertThat(points.files())
        .extracting(SkabEvaluation.FileResult::chosen)
        .containsOnly(sensible.name());
    assertThat(points.pooled().f1()).isGreaterThan(0.9);
    assertThat(report.detectors().get(1).files())
        .extracting(SkabEvaluation.FileResult::chosen)
        .allSatisfy(c -> assertThat(c).startsWith(sensible.name()));
    assertThatThrownBy(() -> new SkabEvaluation.Choice("none", "", List.of(), List.of(1)))
        .hasMessageContaining("candidates");
  }

  @Test
  void onTheRealSkabFoldersTheLocalLevelChoiceBeatsTheLeaderboardsPca() {
    assumeTrue(
        Files.isDirectory(SKAB),
        "SKAB data not found at "
            + SKAB
            + " (a clone has no ../shared; this test needs the shared data folder)");

    SkabEvaluation.Report report =
        new SkabEvaluation(400).run(SKAB, List.of(), List.of(EvaluateCommand.localLevelChoice()));

    // Issue 21's bar: the leaderboard's T²+Q is F1 0.76 at 26.62 % false alarms, NAB 25.35; its
    // alarms must score NAB 28. Measured F1 0.835 at 24.1 %, alarm NAB 30.2 (bench/RESULTS.md).
    OutlierCounts points = report.detectors().get(0).pooled();
    assertThat(points.rows()).isEqualTo(18_160 + 4_312 - 20 * 400);
    assertThat(points.f1()).isGreaterThanOrEqualTo(0.76);
    assertThat(points.falseAlarmRate()).isLessThanOrEqualTo(0.2662);
    assertThat(report.detectors().get(1).nab().normalised(0)).isGreaterThanOrEqualTo(28);
  }

  /**
   * A SKAB-format file (CRLF, ';', labels as 0.0/1.0) with flow shifted down in [faultFrom,
   * faultTo).
   */
  private static void writeSkabFile(
      Path file, long seed, int rows, int faultFrom, int faultTo, boolean labels)
      throws IOException {
    Random random = new Random(seed);
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    LocalDateTime time = LocalDateTime.of(2020, 3, 9, 10, 0, 0);
    StringBuilder csv =
        new StringBuilder(
            "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;"
                + "Thermocouple;Voltage;Volume Flow RateRMS"
                + (labels ? ";anomaly;changepoint" : "")
                + "\r\n");
    for (int i = 0; i < rows; i++) {
      boolean fault = i >= faultFrom && i < faultTo;
      double demand = random.nextGaussian();
      double flow = 32 + 0.5 * demand - (fault ? 10 : 0) + 0.1 * random.nextGaussian();
      csv.append(format.format(time.plusSeconds(i + (i / 20))))
          .append(';')
          .append(
              String.format(
                  Locale.ROOT,
                  "%.5f;%.5f;%.4f;%.4f;%.3f;%.3f;%.2f;%.2f",
                  0.027 + 0.001 * random.nextGaussian(),
                  0.040 + 0.001 * random.nextGaussian(),
                  1.3 + 0.05 * demand + 0.01 * random.nextGaussian(),
                  0.4 - 0.02 * demand + 0.005 * random.nextGaussian(),
                  79 + 0.1 * random.nextGaussian(),
                  26 + 0.05 * random.nextGaussian(),
                  233 + random.nextGaussian(),
                  flow));
      if (labels) {
        csv.append(';')
            .append(fault ? "1.0" : "0.0")
            .append(';')
            .append(i == faultFrom || i == faultTo ? "1.0" : "0.0");
      }
      csv.append("\r\n");
    }
    Files.writeString(file, csv.toString());
  }
}
