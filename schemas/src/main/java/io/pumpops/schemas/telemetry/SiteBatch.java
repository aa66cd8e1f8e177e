package io.pumpops.schemas.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pumpops.schemas.mqtt.MqttTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The payload of a gateway's batch on {@code sites/{siteId}/telemetry}: a JSON array of readings,
 * each the sensor's own JSON object with {@code "pumpId"} added in front. One message carries many
 * readings of many pumps, where per-pump topics would need one message each (the broker's
 * per-message cost is what limits ingest, see {@code bench ingest}).
 *
 * <p>The gateway builds it, {@link TelemetryValidator} takes it apart, with the same JSON rules: a
 * reading that could make the whole array unreadable (not one JSON object, a key given twice, its
 * own {@code pumpId}) is not put in a batch and goes up on its pump's topic alone, so one bad
 * reading can never cost the others.
 */
public final class SiteBatch {

  /** The field that names a reading's pump inside a site batch. */
  public static final String PUMP_ID = "pumpId";

  private static final byte[] PREFIX = ("{\"" + PUMP_ID + "\":\"").getBytes(StandardCharsets.UTF_8);

  private SiteBatch() {}

  /**
   * A reading as a batch element: its bytes with {@code "pumpId":"<pumpId>",} spliced in after the
   * opening brace, so the sensor's own text (numbers as written, a NaN the validator will name) is
   * what ingest reads. Empty when the reading must go alone.
   */
  public static Optional<byte[]> element(String pumpId, byte[] reading) {
    if (!MqttTopics.isTopicLevel(pumpId)) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = TelemetryValidator.JSON.readTree(reading);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject() || node.isEmpty() || node.has(PUMP_ID)) {
      return Optional.empty();
    }
    int brace = 0;
    while (reading[brace] != '{') {
      brace++; // leading whitespace; the parse above proved an object starts here
    }
    byte[] id = pumpId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(reading.length + id.length + PREFIX.length + 2);
    out.write(PREFIX, 0, PREFIX.length);
    out.write(id, 0, id.length);
    out.write('"');
    out.write(',');
    out.write(reading, brace + 1, reading.length - brace - 1);
    return Optional.of(out.toByteArray());
  }

  /** The batch payload of elements made by {@link #element}. */
  public static byte[] of(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size(elements));
    out.write('[');
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(elements.get(i), 0, elements.get(i).length);
    }
    out.write(']');
    return out.toByteArray();
  }

  /** The bytes {@link #of} will take for these elements. */
  public static int size(List<byte[]> elements) {
    int size = 2 + Math.max(0, elements.size() - 1);
    for (byte[] element : elements) {
      size += element.length;
    }
    return size;
  }
}
