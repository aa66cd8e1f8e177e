package io.pumpops.simulator;

import io.pumpops.schemas.PumpChannels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One SKAB recording (a CSV of the Skoltech Anomaly Benchmark format: {@code ;}-separated, {@code
 * datetime} first, eight sensor columns, optional {@code anomaly} and {@code changepoint} labels),
 * with its columns mapped onto our channel names.
 *
 * @param labelled whether the file has an {@code anomaly} column (SKAB's anomaly-free file has
 *     none)
 */
public record SkabRecording(String name, List<Row> rows, boolean labelled) {

  /** A row: time since the first row, channel values, and the labels (false when absent). */
  public record Row(
      Duration offset, Map<String, Double> channels, boolean anomaly, boolean changepoint) {}

  /** SKAB column to PumpOps channel. */
  public static final Map<String, String> COLUMNS =
      Map.of(
          "Accelerometer1RMS", PumpChannels.VIBRATION_1,
          "Accelerometer2RMS", PumpChannels.VIBRATION_2,
          "Current", PumpChannels.CURRENT,
          "Pressure", PumpChannels.PRESSURE,
          "Temperature", PumpChannels.MOTOR_TEMPERATURE,
          "Thermocouple", PumpChannels.FLUID_TEMPERATURE,
          "Voltage", PumpChannels.VOLTAGE,
          "Volume Flow RateRMS", PumpChannels.FLOW_RATE);

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Reads one SKAB CSV file. */
  public static SkabRecording load(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read SKAB file " + csv, e);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("SKAB file " + csv + " is empty");
    }
    String[] header = lines.get(0).strip().split(";");
    if (!header[0].equals("datetime")) {
      throw new IllegalArgumentException(
          "SKAB file " + csv + " does not start with a datetime column: " + lines.get(0));
    }
    List<Row> rows = new ArrayList<>(lines.size() - 1);
    LocalDateTime first = null;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(";");
      if (cells.length != header.length) {
        throw new IllegalArgumentException(
            "SKAB file "
                + csv
                + " line "
                + (i + 1)
                + " has "
                + cells.length
                + " cells, the header has "
                + header.length);
      }
      LocalDateTime time;
      try {
        time = LocalDateTime.parse(cells[0], TIME);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "SKAB file "
                + csv
                + " line "
                + (i + 1)
                + ": datetime '"
                + cells[0]
                + "' is not yyyy-MM-dd HH:mm:ss",
            e);
      }
      first = first == null ? time : first;
      Map<String, Double> channels = new HashMap<>();
      boolean anomaly = false;
      boolean changepoint = false;
      for (int c = 1; c < header.length; c++) {
        double value;
        try {
          value = Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "SKAB file "
                  + csv
                  + " line "
                  + (i + 1)
                  + ": "
                  + header[c]
                  + " '"
                  + cells[c]
                  + "' is not a number",
              e);
        }
        String channel = COLUMNS.get(header[c]);
        if (channel != null) {
          channels.put(channel, value);
        } else if (header[c].equals("anomaly")) {
          anomaly = value > 0.5;
        } else if (header[c].equals("changepoint")) {
          changepoint = value > 0.5;
        }
      }
      rows.add(new Row(Duration.between(first, time), channels, anomaly, changepoint));
    }
    return new SkabRecording(
        csv.getParent().getFileName() + "/" + csv.getFileName(),
        List.copyOf(rows),
        Arrays.asList(header).contains("anomaly"));
  }

  /** Every CSV in a folder and its sub-folders, in a stable order. */
  public static List<SkabRecording> loadAll(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("SKAB folder " + folder + " does not exist");
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(p -> p.toString().endsWith(".csv"))
          .sorted()
          .map(SkabRecording::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + folder, e);
    }
  }
}
