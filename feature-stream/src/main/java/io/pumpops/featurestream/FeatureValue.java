package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** One feature value of one pump window, and where its record sits in pump.features. */
record FeatureValue(double value, int partition, long offset) {

  static Serde<FeatureValue> serde() {
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null
            : ByteBuffer.allocate(20).putDouble(v.value).putInt(v.partition).putLong(v.offset).array(),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new FeatureValue(b.getDouble(), b.getInt(), b.getLong());
        });
  }
}
