package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Where a drift window stands in {@link DriftWindows}: open, or published as revision n and maybe
 * revised since (late pump windows joined it and are not published yet). Kept apart from the
 * window's sample so that looking for revised windows reads a few bytes per window, not its values.
 *
 * @param revision the last revision published (-1 while open)
 * @param revised whether values joined the window after that revision
 */
record DriftWindowStatus(int revision, boolean revised) {

  static final DriftWindowStatus OPEN = new DriftWindowStatus(-1, false);

  static DriftWindowStatus published(int revision) {
    return new DriftWindowStatus(revision, false);
  }

  boolean published() {
    return revision >= 0;
  }

  DriftWindowStatus markRevised() {
    return new DriftWindowStatus(revision, true);
  }

  static Serde<DriftWindowStatus> serde() {
    return Serdes.serdeFrom(
        (topic, s) ->
            s == null
                ? null
                : ByteBuffer.allocate(5).putInt(s.revision).put((byte) (s.revised ? 1 : 0)).array(),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new DriftWindowStatus(b.getInt(), b.get() == 1);
        });
  }
}
