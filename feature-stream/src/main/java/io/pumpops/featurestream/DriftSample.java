package io.pumpops.featurestream;

import io.pumpops.schemas.avro.OffsetRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The values of one feature over one drift window, fleet-wide, and the pump.features offsets they
 * came from. Beyond {@link #CAPACITY} values it keeps a uniform sample chosen by offset, so the
 * state stays bounded for any fleet and the same records always give the same sample.
 */
final class DriftSample {

  /** 20,000 values (160 KB) keep PSI's sampling noise near 0.0005 whatever the fleet size. */
  static final int CAPACITY = 20_000;

  private double[] values;
  private int size;
  private long seen;

  /** partition → {from, to (exclusive), count} */
  private final Map<Integer, long[]> ranges;

  /** Earliest and latest pump-window start among the values (event time). */
  private long firstMillis;

  private long lastMillis;

  private DriftSample(
      double[] values,
      int size,
      long seen,
      Map<Integer, long[]> ranges,
      long firstMillis,
      long lastMillis) {
    this.values = values;
    this.size = size;
    this.seen = seen;
    this.ranges = ranges;
    this.firstMillis = firstMillis;
    this.lastMillis = lastMillis;
  }

  static DriftSample empty() {
    return new DriftSample(new double[16], 0, 0, new TreeMap<>(), Long.MAX_VALUE, Long.MIN_VALUE);
  }

  /**
   * Whether the values span the drift window [start, end) to within {@code slack} at both ends. A
   * window that the data enters late (the fleet's first hour) or leaves early (an outage) holds
   * minutes that do not stand for the window, so it is not judged.
   */
  boolean covers(long startMillis, long endMillis, long slackMillis) {
    return size > 0
        && firstMillis <= startMillis + slackMillis
        && lastMillis >= endMillis - slackMillis;
  }

  DriftSample add(FeatureValue v) {
    seen++;
    firstMillis = Math.min(firstMillis, v.windowStartMillis());
    lastMillis = Math.max(lastMillis, v.windowStartMillis());
    ranges.merge(
        v.partition(),
        new long[] {v.offset(), v.offset() + 1, 1},
        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
    if (size < CAPACITY) {
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.min(CAPACITY, size * 2));
      }
      values[size++] = v.value();
    } else {
      // Reservoir sampling with the record's position as the random draw: reproducible.
      long slot = Math.floorMod(mix(v.partition() * 0x9E3779B97F4A7C15L + v.offset()), seen);
      if (slot < CAPACITY) {
        values[(int) slot] = v.value();
      }
    }
    return this;
  }

  double[] values() {
    return Arrays.copyOf(values, size);
  }

  List<OffsetRange> ranges(String topic) {
    List<OffsetRange> out = new ArrayList<>();
    ranges.forEach((partition, r) -> out.add(new OffsetRange(topic, partition, r[0], r[1], r[2])));
    return out;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static Serde<DriftSample> serde() {
    return Serdes.serdeFrom(
        (topic, s) -> {
          if (s == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + s.ranges.size() * 28 + s.size * 8);
          b.putInt(s.size)
              .putLong(s.seen)
              .putLong(s.firstMillis)
              .putLong(s.lastMillis)
              .putInt(s.ranges.size());
          s.ranges.forEach((p, r) -> b.putInt(p).putLong(r[0]).putLong(r[1]).putLong(r[2]));
          for (int i = 0; i < s.size; i++) {
            b.putDouble(s.values[i]);
          }
          return b.array();
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int size = b.getInt();
            long seen = b.getLong();
            long first = b.getLong();
            long last = b.getLong();
            int partitions = b.getInt();
            Map<Integer, long[]> ranges = new TreeMap<>();
            for (int i = 0; i < partitions; i++) {
              ranges.put(b.getInt(), new long[] {b.getLong(), b.getLong(), b.getLong()});
            }
            double[] values = new double[Math.max(16, size)];
            for (int i = 0; i < size; i++) {
              values[i] = b.getDouble();
            }
            return new DriftSample(values, size, seen, ranges, first, last);
          } catch (RuntimeException e) {
            throw new SerializationException(
                "corrupt drift sample in " + topic + ": " + e.getMessage(), e);
          }
        });
  }
}
