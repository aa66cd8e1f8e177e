package io.pumpops.bench.evaluate;

import io.pumpops.simulator.SkabRecording;
import java.util.List;

/**
 * A model family under the SKAB protocol: fitted on a file's first rows, then asked for a verdict
 * on every later row. It may look at earlier rows (the fitting rows included) to judge a row, as a
 * gateway scoring a live stream can, never at later ones.
 */
public interface Detector {

  /** A short name for tables and JSON, for example {@code pca-t2-q/points}. */
  String name();

  /** What it is, in a sentence, for the report. */
  String description();

  /**
   * @param rows the whole file
   * @param trainRows how many rows at its start are for fitting
   * @return one verdict per row from {@code trainRows} on (true = anomaly)
   */
  boolean[] detect(List<SkabRecording.Row> rows, int trainRows);
}
