package io.pumpops.bench.evaluate;

import io.pumpops.simulator.SkabRecording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

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
   * One file's result for one detector; {@code error} is set when the detector could not run on it,
   * {@code chosen} names the candidate a {@link Choice} took for this file.
   */
  public record FileResult(
      String file, int testRows, OutlierCounts counts, NabScore nab, String error, String chosen) {

    FileResult judgedWith(String candidate) {
      return new FileResult(file, testRows, counts, nab, error, candidate);
    }
  }

  /**
   * A detector whose settings are chosen per file by leave-one-file-out, in two steps. For each
   * file, the candidate with the best pooled F1 on <em>the other</em> files' labels gives its
   * verdicts (reported under {@code name}); then, for that candidate, the debounce among {@code
   * alarmDebounces} with the best NAB score on the other files turns the verdicts into an alarm
   * (reported under {@code name + "+alarm"}): verdicts are judged as outliers, alarms as
   * changepoints, as SKAB scores them. Ties go to the earlier candidate. No file's verdicts depend
   * on its own labels, so the pooled figures are an honest estimate of what choosing settings on
   * labelled recordings of the same rig gives.
   */
  public record Choice(
      String name, String description, List<Detector> candidates, List<Integer> alarmDebounces) {
    public Choice {
      if (candidates.isEmpty() || alarmDebounces.isEmpty()) {
        throw new IllegalArgumentException("a choice needs candidates and debounce lengths");
      }
      candidates = List.copyOf(candidates);
      alarmDebounces = List.copyOf(alarmDebounces);
    }
  }

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
    return run(folder, detectors, List.of());
  }

  public Report run(Path folder, List<Detector> detectors, List<Choice> choices) {
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
      for (SkabRecording recording : labelled) {
        files.add(evaluate(detector, recording));
      }
      results.put(detector.name(), pool(detector.name(), detector.description(), files));
    }
    for (Choice choice : choices) {
      results.putAll(choose(choice, labelled));
    }
    return new Report(folder, trainRows, skipped, List.copyOf(results.values()));
  }

  private Map<String, DetectorResult> choose(Choice choice, List<SkabRecording> labelled) {
    Map<String, List<FileResult>> evaluated = new LinkedHashMap<>();
    List<Detector> candidates = choice.candidates();
    List<FileResult> points = new ArrayList<>();
    List<FileResult> alarms = new ArrayList<>();
    for (int judged = 0; judged < labelled.size(); judged++) {
      Detector verdicts = best(candidates, labelled, judged, evaluated, (c, n) -> c.f1());
      points.add(evaluated.get(verdicts.name()).get(judged).judgedWith(verdicts.name()));
      List<Detector> debounced = new ArrayList<>();
      for (int readings : choice.alarmDebounces()) {
        debounced.add(readings == 1 ? verdicts : new DebouncedDetector(verdicts, readings));
      }
      Detector alarm = best(debounced, labelled, judged, evaluated, (c, n) -> n.normalised(0));
      alarms.add(evaluated.get(alarm.name()).get(judged).judgedWith(alarm.name()));
    }
    Map<String, DetectorResult> results = new LinkedHashMap<>();
    results.put(choice.name(), pool(choice.name(), choice.description(), points));
    String alarmName = choice.name() + "+alarm";
    results.put(
        alarmName,
        pool(
            alarmName,
            "the same verdicts as an alarm, debounced by the length among "
                + choice.alarmDebounces()
                + " readings with the best NAB score on the other files",
            alarms));
    return results;
  }

  /** The candidate with the best pooled score on every labelled file but {@code judged}. */
  private Detector best(
      List<Detector> candidates,
      List<SkabRecording> labelled,
      int judged,
      Map<String, List<FileResult>> evaluated,
      ToDoubleBiFunction<OutlierCounts, NabScore> score) {
    Detector best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Detector candidate : candidates) {
      List<FileResult> files =
          evaluated.computeIfAbsent(
              candidate.name(),
              name -> labelled.stream().map(r -> evaluate(candidate, r)).toList());
      OutlierCounts counts = OutlierCounts.NONE;
      NabScore nab = NabScore.NONE;
      for (int f = 0; f < files.size(); f++) {
        if (f != judged) {
          counts = counts.plus(files.get(f).counts());
          nab = nab.plus(files.get(f).nab());
        }
      }
      double value = score.applyAsDouble(counts, nab);
      if (best == null || value > bestScore) {
        bestScore = value;
        best = candidate;
      }
    }
    return best;
  }

  private static DetectorResult pool(String name, String description, List<FileResult> files) {
    OutlierCounts pooled = OutlierCounts.NONE;
    NabScore nab = NabScore.NONE;
    for (FileResult file : files) {
      pooled = pooled.plus(file.counts());
      nab = nab.plus(file.nab());
    }
    return new DetectorResult(name, description, List.copyOf(files), pooled, nab);
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
          null,
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
          e.getMessage(),
          null);
    }
  }
}
