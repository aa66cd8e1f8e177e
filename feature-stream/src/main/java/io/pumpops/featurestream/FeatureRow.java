package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The monitored feature values of one pump window (in {@link
 * io.pumpops.features.drift.DriftMonitoring#features()} order, NaN where the window had none),
 * where its record sits in pump.features, the start of the pump window (event time), and its pump
 * (to name it should the row come too late).
 *
 * <p>One row per pump window travels to the drift windows, not one record per feature: twenty
 * records per pump window made the fleet-wide drift branch the costliest part of feature-stream.
 */
record FeatureRow(
    double[] values, int partition, long offset, long windowStartMillis, String pumpId) {

  /**
   * A fixed pseudo-random draw from the row's place in pump.features: the drift windows keep the
   * rows with the smallest draws, so a window's sample is the same whichever order rows arrive in.
   */
  long draw() {
    long z = partition * 0x9E3779B97F4A7C15L + offset;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static Serde<FeatureRow> serde() {
    return Serdes.serdeFrom(
        (topic, row) -> {
          if (row == null) {
            return null;
          }
          byte[] pump =
              row.pumpId == null ? new byte[0] : row.pumpId.getBytes(StandardCharsets.UTF_8);
          ByteBuffer b =
              ByteBuffer.allocate(4 + 8 + 8 + 4 + pump.length + 4 + 8 * row.values.length)
                  .putInt(row.partition)
                  .putLong(row.offset)
                  .putLong(row.windowStartMillis)
                  .putInt(pump.length)
                  .put(pump)
                  .putInt(row.values.length);
          for (double v : row.values) {
            b.putDouble(v);
          }
          return b.array();
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int partition = b.getInt();
            long offset = b.getLong();
            long start = b.getLong();
            byte[] pump = new byte[b.getInt()];
            b.get(pump);
            double[] values = new double[b.getInt()];
            for (int i = 0; i < values.length; i++) {
              values[i] = b.getDouble();
            }
            return new FeatureRow(
                values,
                partition,
                offset,
                start,
                pump.length == 0 ? null : new String(pump, StandardCharsets.UTF_8));
          } catch (RuntimeException e) {
            throw new SerializationException(
                "corrupt feature row in " + topic + ": " + e.getMessage(), e);
          }
        });
  }

  /** Only the values, as the drift windows keep them: the rest is in the row's key and tally. */
  static Serde<double[]> valuesSerde() {
    return Serdes.serdeFrom(
        (topic, values) -> {
          if (values == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.allocate(8 * values.length);
          for (double v : values) {
            b.putDouble(v);
          }
          return b.array();
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          double[] values = new double[bytes.length / 8];
          for (int i = 0; i < values.length; i++) {
            values[i] = b.getDouble();
          }
          return values;
        });
  }
}
