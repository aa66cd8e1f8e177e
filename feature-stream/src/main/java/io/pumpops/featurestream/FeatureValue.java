package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One feature value of one pump window, where its record sits in pump.features, and the start of
 * the pump window it describes (event time).
 */
record FeatureValue(double value, int partition, long offset, long windowStartMillis) {

  static Serde<FeatureValue> serde() {
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null
            : ByteBuffer.allocate(28).putDouble(v.value).putInt(v.partition).putLong(v.offset)
                .putLong(v.windowStartMillis).array(),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new FeatureValue(b.getDouble(), b.getInt(), b.getLong(), b.getLong());
        });
  }
}
