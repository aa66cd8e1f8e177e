package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

/**
 * One pump's state in {@link PumpFeatureWindows}: its event time (the latest reading's) and its
 * open windows by start. Small: a window and its grace hold a handful of windows per pump.
 */
final class OpenPumpWindows {

  private static final byte FORMAT_VERSION = 1;

  private long pumpTimeMillis;
  private final TreeMap<Long, PumpWindowState> open;

  private OpenPumpWindows(long pumpTimeMillis, TreeMap<Long, PumpWindowState> open) {
    this.pumpTimeMillis = pumpTimeMillis;
    this.open = open;
  }

  static OpenPumpWindows empty() {
    return new OpenPumpWindows(Long.MIN_VALUE, new TreeMap<>());
  }

  long pumpTimeMillis() {
    return pumpTimeMillis;
  }

  void advanceTo(long eventTimeMillis) {
    pumpTimeMillis = Math.max(pumpTimeMillis, eventTimeMillis);
  }

  /** The window starting there, opened empty if it is not open yet. */
  PumpWindowState window(long startMillis) {
    return open.computeIfAbsent(startMillis, s -> PumpWindowState.empty());
  }

  /** Removes and returns, oldest first, the open windows that start at or before that time. */
  List<Map.Entry<Long, PumpWindowState>> closeUpTo(long lastStartMillis) {
    List<Map.Entry<Long, PumpWindowState>> closed =
        new ArrayList<>(open.headMap(lastStartMillis, true).entrySet());
    closed.forEach(e -> open.remove(e.getKey()));
    return closed;
  }

  /** Format version, pump time, window count, then per window its start and its state's bytes. */
  static Serde<OpenPumpWindows> serde() {
    Serde<PumpWindowState> windowSerde = PumpWindowState.serde();
    return StoreSerde.of(
        "pump windows",
        pump -> {
          List<byte[]> windows = new ArrayList<>();
          int size = 1 + 8 + 4;
          for (PumpWindowState state : pump.open.values()) {
            byte[] bytes = windowSerde.serializer().serialize(null, state);
            windows.add(bytes);
            size += 8 + 4 + bytes.length;
          }
          ByteBuffer b =
              ByteBuffer.allocate(size)
                  .put(FORMAT_VERSION)
                  .putLong(pump.pumpTimeMillis)
                  .putInt(windows.size());
          int i = 0;
          for (Long start : pump.open.keySet()) {
            byte[] bytes = windows.get(i++);
            b.putLong(start).putInt(bytes.length).put(bytes);
          }
          return b.array();
        },
        (topic, b) -> {
          byte version = b.get();
          if (version != FORMAT_VERSION) {
            throw new SerializationException(
                "pump windows of format " + version + ", this version reads " + FORMAT_VERSION);
          }
          long pumpTime = b.getLong();
          int count = b.getInt();
          TreeMap<Long, PumpWindowState> open = new TreeMap<>();
          for (int i = 0; i < count; i++) {
            long start = b.getLong();
            byte[] state = new byte[b.getInt()];
            b.get(state);
            open.put(start, windowSerde.deserializer().deserialize(topic, state));
          }
          return new OpenPumpWindows(pumpTime, open);
        });
  }
}
