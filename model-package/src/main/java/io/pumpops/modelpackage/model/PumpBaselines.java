package io.pumpops.modelpackage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each pump's own baseline of every feature (ADR 21): the mean and spread of its fitting windows,
 * so that a model fitted on a fleet of mixed machines judges each pump against itself rather than
 * against the gap between machine kinds. A pump with fewer than {@code minWindows} fitting windows
 * (or unknown: new to the fleet) is read against the fleet's figures, the table's last row.
 *
 * <p>The table travels inside the model's ONNX graph (a second input, the pump's row index), so the
 * gateway and the Java model compute the same thing; {@link #pumpIds} in row order go into the
 * model's metadata under {@link #METADATA_KEY}.
 *
 * @param pumpIds the pumps with a row of their own, sorted (row {@code i} is {@code pumpIds[i]})
 * @param mean one row per pump, then the fleet's row
 * @param scale one row per pump, then the fleet's row; never zero
 */
public record PumpBaselines(
    List<String> pumpIds, double[][] mean, double[][] scale, int minWindows) {

  /**
   * The narrowest a pump's own spread of a feature may be, as a share of the fleet's: a feature
   * nearly constant over a pump's fitting windows (a flow meter reading 32.0 but for one jitter, as
   * SKAB's rig does) would otherwise turn the next jitter into a score of thousands.
   */
  public static final double SPREAD_FLOOR = 0.01;

  /** The model metadata key of the pump ids in row order, comma-separated. */
  public static final String METADATA_KEY = "pumpBaselineIds";

  public PumpBaselines {
    pumpIds = List.copyOf(pumpIds);
    if (mean.length != pumpIds.size() + 1 || scale.length != mean.length) {
      throw new IllegalArgumentException(
          "a baseline table needs one row per pump and the fleet's row: "
              + pumpIds.size()
              + " pumps, "
              + mean.length
              + " mean rows, "
              + scale.length
              + " scale rows");
    }
    if (minWindows < 2) {
      throw new IllegalArgumentException(
          "a pump's baseline needs at least 2 windows, not " + minWindows);
    }
  }

  /**
   * Fits the table on fitting windows: {@code pumpOfRow.get(i)} is the pump of {@code rows.get(i)}.
   * Pumps are taken in sorted order, so the same windows give the same table whatever their order.
   */
  public static PumpBaselines fit(List<String> pumpOfRow, List<double[]> rows, int minWindows) {
    if (pumpOfRow.size() != rows.size()) {
      throw new IllegalArgumentException(
          pumpOfRow.size() + " pump ids for " + rows.size() + " rows");
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no windows to fit pump baselines on");
    }
    int features = rows.get(0).length;
    Map<String, List<double[]>> byPump = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String pump = pumpOfRow.get(i);
      if (pump.contains(",")) {
        throw new IllegalArgumentException(
            "pump id '" + pump + "' holds a comma, which the model's pump list cannot carry");
      }
      byPump.computeIfAbsent(pump, p -> new ArrayList<>()).add(rows.get(i));
    }
    List<String> ids = new ArrayList<>();
    List<double[]> means = new ArrayList<>();
    List<double[]> scales = new ArrayList<>();
    Standardiser fleet = Standardiser.fit(rows, features);
    byPump.forEach(
        (pump, own) -> {
          if (own.size() >= minWindows) {
            Standardiser s = Standardiser.fit(own, features);
            double[] scale = s.scale().clone();
            for (int j = 0; j < features; j++) {
              scale[j] = Math.max(scale[j], SPREAD_FLOOR * fleet.scale()[j]);
            }
            ids.add(pump);
            means.add(s.mean());
            scales.add(scale);
          }
        });
    means.add(fleet.mean());
    scales.add(fleet.scale());
    return new PumpBaselines(
        ids, means.toArray(double[][]::new), scales.toArray(double[][]::new), minWindows);
  }

  /** The pump's row in the table; the fleet's row for a pump without one. */
  public int index(String pumpId) {
    int i = java.util.Collections.binarySearch(pumpIds, pumpId);
    return i >= 0 ? i : pumpIds.size();
  }

  /** The row in the units of the pump's own baseline. */
  public double[] apply(String pumpId, double[] row) {
    int i = index(pumpId);
    double[] z = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      z[j] = (row[j] - mean[i][j]) / scale[i][j];
    }
    return z;
  }

  /** The table's rows of means (pumps, then the fleet), flattened row by row. */
  public double[] flatMean() {
    return Arrays.stream(mean).flatMapToDouble(Arrays::stream).toArray();
  }

  /** The table's rows of spreads (pumps, then the fleet), flattened row by row. */
  public double[] flatScale() {
    return Arrays.stream(scale).flatMapToDouble(Arrays::stream).toArray();
  }

  /** The pump ids as {@link #METADATA_KEY}'s value. */
  public String metadataValue() {
    return String.join(",", pumpIds);
  }

  /** The row index of each pump id a model's metadata lists; absent or empty: none. */
  public static Map<String, Integer> indexFromMetadata(String value) {
    Map<String, Integer> index = new TreeMap<>();
    if (value != null && !value.isEmpty()) {
      String[] ids = value.split(",", -1);
      for (int i = 0; i < ids.length; i++) {
        index.put(ids[i], i);
      }
    }
    return index;
  }
}
