package io.pumpops.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.schemas.PumpChannels;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reading as a sensor sends it, before it becomes JSON on {@code
 * pumps/{siteId}/{pumpId}/telemetry}.
 */
public record SimulatedReading(
    String siteId, String pumpId, Instant eventTime, long seq, Map<String, Double> channels) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public SimulatedReading {
    // Sensor clocks and the PumpReading contract (timestamp-millis) both stop at milliseconds.
    eventTime = eventTime.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    channels = Map.copyOf(channels);
  }

  public String mqttTopic() {
    return "pumps/" + siteId + "/" + pumpId + "/telemetry";
  }

  /**
   * The reading as ingest-service would write it to pump.telemetry, for tests and tools that write
   * telemetry to Kafka directly (faster than through MQTT, same records).
   */
  public PumpReading toPumpReading(Instant ingestTime) {
    return PumpReading.newBuilder()
        .setPumpId(pumpId)
        .setSiteId(siteId)
        .setEventTime(eventTime)
        .setIngestTime(ingestTime)
        .setSeq(seq)
        .setChannels(channels)
        .build();
  }

  /** The sensor payload: {@code {"ts": ISO-8601, "seq": n, "readings": {...}, "units": {...}}}. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("ts", eventTime.toString());
    node.put("seq", seq);
    ObjectNode readings = node.putObject("readings");
    ObjectNode units = node.putObject("units");
    new TreeMap<>(channels)
        .forEach(
            (name, value) -> {
              readings.put(name, value);
              String unit = PumpChannels.UNITS.get(name);
              if (unit != null) {
                units.put(name, unit);
              }
            });
    return node.toString();
  }
}
