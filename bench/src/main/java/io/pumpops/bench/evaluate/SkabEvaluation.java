package io.pumpops.bench.evaluate;

import io.pumpops.simulator.SkabRecording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SKAB outlier-detection protocol on any folder of SKAB-format files: for each labelled file,
 * fit on its first {@code trainRows} rows (anomaly-free in SKAB's experiments), judge every later
 * row, and score the verdicts against the {@code anomaly} labels, per file and pooled over every
 * test row of every file (the leaderboard's micro-average); and the flips of those verdicts, as
 * predicted changepoints, against the {@code changepoint} labels ({@link NabScore}). Files without
 * labels are listed as skipped, never scored.
 */
public final class SkabEvaluation {

  /**
   * One file's result for one detector; {@code error} is set when the detector could not run on it.
   */
  public record FileResult(
      String file, int testRows, OutlierCounts counts, NabScore nab, String error) {}

  /** One detector over the folder. */
  public record DetectorResult(
      String detector,
      String description,
      List<FileResult> files,
      OutlierCounts pooled,
      NabScore nab) {}

  /** The whole evaluation. */
  public record Report(
      Path folder, int trainRows, List<String> skipped, List<DetectorResult> detectors) {}

  private final int trainRows;

  public SkabEvaluation(int trainRows) {
    if (trainRows < 2) {
      throw new IllegalArgumentException("need at least 2 fitting rows, not " + trainRows);
    }
    this.trainRows = trainRows;
  }

  public Report run(Path folder, List<Detector> detectors) {
    List<SkabRecording> recordings = SkabRecording.loadAll(folder);
    List<SkabRecording> labelled = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (SkabRecording recording : recordings) {
      if (!recording.labelled()) {
        skipped.add(recording.name() + " (no anomaly labels)");
      } else if (recording.rows().size() <= trainRows) {
        skipped.add(
            recording.name()
                + " ("
                + recording.rows().size()
                + " rows, not more than the "
                + trainRows
                + " fitting rows)");
      } else {
        labelled.add(recording);
      }
    }
    if (labelled.isEmpty()) {
      throw new IllegalArgumentException(
          "no labelled SKAB-format CSV file with more than "
              + trainRows
              + " rows under "
              + folder
              + (skipped.isEmpty() ? "" : "; skipped: " + skipped));
    }
    Map<String, DetectorResult> results = new LinkedHashMap<>();
    for (Detector detector : detectors) {
      List<FileResult> files = new ArrayList<>();
      OutlierCounts pooled = OutlierCounts.NONE;
      NabScore nab = NabScore.NONE;
      for (SkabRecording recording : labelled) {
        FileResult result = evaluate(detector, recording);
        files.add(result);
        pooled = pooled.plus(result.counts());
        nab = nab.plus(result.nab());
      }
      results.put(
          detector.name(),
          new DetectorResult(detector.name(), detector.description(), files, pooled, nab));
    }
    return new Report(folder, trainRows, skipped, List.copyOf(results.values()));
  }

  private FileResult evaluate(Detector detector, SkabRecording recording) {
    List<SkabRecording.Row> rows = recording.rows();
    boolean[] actual = new boolean[rows.size() - trainRows];
    boolean[] changepoints = new boolean[actual.length];
    double[] seconds = new double[actual.length];
    for (int i = trainRows; i < rows.size(); i++) {
      actual[i - trainRows] = rows.get(i).anomaly();
      changepoints[i - trainRows] = rows.get(i).changepoint();
      seconds[i - trainRows] = rows.get(i).offset().toMillis() / 1000.0;
    }
    try {
      boolean[] predicted = detector.detect(rows, trainRows);
      return new FileResult(
          recording.name(),
          actual.length,
          OutlierCounts.of(predicted, actual),
          NabScore.of(seconds, changepoints, predicted),
          null);
    } catch (IllegalArgumentException e) {
      // A file the detector cannot fit (too few rows, a constant channel): it scores as missing
      // every anomaly and raising no alarm, so a failure never flatters the pooled figures.
      boolean[] nothing = new boolean[actual.length];
      Arrays.fill(nothing, false);
      return new FileResult(
          recording.name(),
          actual.length,
          OutlierCounts.of(nothing, actual),
          NabScore.of(seconds, changepoints, nothing),
          e.getMessage());
    }
  }
}
