package io.pumpops.featurestream;

import io.pumpops.features.window.WindowAggregate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;

/**
 * The state of one pump's window in the store: its site (for the feature record) and the aggregate
 * of its readings.
 */
final class PumpWindowState {

  private String siteId;
  private final WindowAggregate aggregate;

  PumpWindowState(String siteId, WindowAggregate aggregate) {
    this.siteId = siteId;
    this.aggregate = aggregate;
  }

  static PumpWindowState empty() {
    return new PumpWindowState("", new WindowAggregate());
  }

  PumpWindowState add(String siteId, long eventTimeMillis, java.util.Map<String, Double> channels) {
    this.siteId = siteId;
    aggregate.add(eventTimeMillis, channels);
    return this;
  }

  String siteId() {
    return siteId;
  }

  WindowAggregate aggregate() {
    return aggregate;
  }

  /** Site id (length-prefixed UTF-8), then the aggregate's own bytes. */
  static Serde<PumpWindowState> serde() {
    return StoreSerde.of(
        "window state",
        state -> {
          byte[] site = state.siteId.getBytes(StandardCharsets.UTF_8);
          byte[] aggregate = state.aggregate.toBytes();
          return ByteBuffer.allocate(4 + site.length + aggregate.length)
              .putInt(site.length)
              .put(site)
              .put(aggregate)
              .array();
        },
        (topic, buffer) -> {
          byte[] site = new byte[buffer.getInt()];
          buffer.get(site);
          byte[] aggregate = new byte[buffer.remaining()];
          buffer.get(aggregate);
          return new PumpWindowState(
              new String(site, StandardCharsets.UTF_8), WindowAggregate.fromBytes(aggregate));
        });
  }
}
