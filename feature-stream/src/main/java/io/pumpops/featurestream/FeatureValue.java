package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One feature value of one pump window, where its record sits in pump.features, the start of the
 * pump window it describes (event time), and its pump (to name it should the value come too late).
 */
record FeatureValue(
    double value, int partition, long offset, long windowStartMillis, String pumpId) {

  static Serde<FeatureValue> serde() {
    return Serdes.serdeFrom(
        (topic, v) -> {
          if (v == null) {
            return null;
          }
          byte[] pump = v.pumpId == null ? new byte[0] : v.pumpId.getBytes(StandardCharsets.UTF_8);
          return ByteBuffer.allocate(28 + 4 + pump.length)
              .putDouble(v.value)
              .putInt(v.partition)
              .putLong(v.offset)
              .putLong(v.windowStartMillis)
              .putInt(pump.length)
              .put(pump)
              .array();
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          double value = b.getDouble();
          int partition = b.getInt();
          long offset = b.getLong();
          long start = b.getLong();
          // Values written before the pump id was added (still in the repartition topic after an
          // upgrade) have none.
          String pump = null;
          if (b.remaining() >= 4) {
            byte[] id = new byte[b.getInt()];
            b.get(id);
            pump = new String(id, StandardCharsets.UTF_8);
          }
          return new FeatureValue(value, partition, offset, start, pump);
        });
  }
}
