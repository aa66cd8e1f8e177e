package io.pumpops.training.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Known anomalous periods per pump: ground truth for evaluation, and windows to keep out of
 * training. Read from the simulator's ground-truth file (its ANOMALY_WINDOW lines, which a SKAB
 * replay writes from SKAB's labels, and any line with an {@code end}). A run stores the labels it
 * used as an artifact, so a rebuild from lineage uses the same ones.
 */
public record Labels(List<Interval> intervals) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** No labels: every window is presumed normal. */
  public static final Labels NONE = new Labels(List.of());

  /** One pump's anomalous period, both ends inclusive, epoch milliseconds. */
  public record Interval(String pumpId, long fromMillis, long toMillis) {}

  public Labels {
    intervals =
        intervals.stream()
            .sorted(
                Comparator.comparing(Interval::pumpId)
                    .thenComparingLong(Interval::fromMillis)
                    .thenComparingLong(Interval::toMillis))
            .toList();
  }

  public boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** Whether the window [start, end) of the pump overlaps a labelled period. */
  public boolean anomalous(String pumpId, long windowStartMillis, long windowEndMillis) {
    for (Interval i : intervals) {
      if (i.pumpId().equals(pumpId)
          && i.fromMillis() < windowEndMillis
          && i.toMillis() >= windowStartMillis) {
        return true;
      }
    }
    return false;
  }

  /** The labels overlapping [from, to), so what a run stores is only what concerned it. */
  public Labels within(long fromMillis, long toMillis) {
    return new Labels(
        intervals.stream()
            .filter(i -> i.fromMillis() < toMillis && i.toMillis() >= fromMillis)
            .toList());
  }

  /** Canonical JSON (sorted): the same labels always give the same bytes and so the same hash. */
  public byte[] toJson() {
    ArrayNode array = JSON.createArrayNode();
    for (Interval i : intervals) {
      array
          .addObject()
          .put("pumpId", i.pumpId())
          .put("fromMillis", i.fromMillis())
          .put("toMillis", i.toMillis());
    }
    return array.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Labels fromJson(byte[] json) {
    try {
      List<Interval> intervals = new ArrayList<>();
      for (JsonNode node : JSON.readTree(json)) {
        intervals.add(
            new Interval(
                node.path("pumpId").asText(),
                node.path("fromMillis").asLong(),
                node.path("toMillis").asLong()));
      }
      return new Labels(intervals);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "labels are not the JSON Labels.toJson writes: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a ground-truth file (one JSON object per line with {@code time}, {@code pumpId} and, for
   * a period, {@code end}). A missing file means no labels; a malformed line is an error naming it.
   */
  public static Labels fromGroundTruth(Path file) {
    if (file == null || !Files.exists(file)) {
      return NONE;
    }
    List<Interval> intervals = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              file + " line " + number + " is not JSON: " + e.getMessage(), e);
        }
        if (node.hasNonNull("end") && node.hasNonNull("pumpId") && node.hasNonNull("time")) {
          intervals.add(
              new Interval(
                  node.get("pumpId").asText(),
                  Instant.parse(node.get("time").asText()).toEpochMilli(),
                  Instant.parse(node.get("end").asText()).toEpochMilli()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read ground truth " + file, e);
    }
    return new Labels(intervals);
  }
}
