package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;

/**
 * Offsets of one partition read but not yet reported: {@code [from, to)}, how many records, and the
 * earliest and latest event time among them.
 */
record PendingRange(
    String topic, long from, long to, long count, long firstEventTime, long lastEventTime) {

  PendingRange extend(long offset, long eventTime) {
    return new PendingRange(
        topic,
        Math.min(from, offset),
        Math.max(to, offset + 1),
        count + 1,
        Math.min(firstEventTime, eventTime),
        Math.max(lastEventTime, eventTime));
  }

  static Serde<PendingRange> serde() {
    return StoreSerde.of(
        "pending offset range",
        r -> {
          byte[] topic = r.topic.getBytes(StandardCharsets.UTF_8);
          return ByteBuffer.allocate(4 + topic.length + 5 * 8)
              .putInt(topic.length)
              .put(topic)
              .putLong(r.from)
              .putLong(r.to)
              .putLong(r.count)
              .putLong(r.firstEventTime)
              .putLong(r.lastEventTime)
              .array();
        },
        (t, b) -> {
          byte[] topic = new byte[b.getInt()];
          b.get(topic);
          return new PendingRange(
              new String(topic, StandardCharsets.UTF_8),
              b.getLong(),
              b.getLong(),
              b.getLong(),
              b.getLong(),
              b.getLong());
        });
  }
}
