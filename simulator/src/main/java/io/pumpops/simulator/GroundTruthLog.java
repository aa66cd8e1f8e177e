package io.pumpops.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * What really happened, one JSON object per line: faults and drifts with the time they start, SKAB
 * anomaly windows, and each malformed message sent. Detection is scored against this file.
 */
public final class GroundTruthLog implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  public GroundTruthLog(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the ground-truth file " + file, e);
    }
  }

  /**
   * Records one event.
   *
   * @param event FAULT, DRIFT, ANOMALY_WINDOW or MALFORMED
   * @param details further fields (kind, magnitude, end, seq, ...)
   */
  public synchronized void record(
      Instant time, String siteId, String pumpId, String event, Map<String, Object> details) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", time.toString());
    line.put("siteId", siteId);
    line.put("pumpId", pumpId);
    line.put("event", event);
    details.forEach((key, value) -> line.set(key, JSON.valueToTree(value)));
    try {
      out.write(line.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the ground-truth file", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not close the ground-truth file", e);
    }
  }
}
