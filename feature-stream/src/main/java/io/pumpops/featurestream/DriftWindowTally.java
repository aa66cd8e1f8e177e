package io.pumpops.featurestream;

import io.pumpops.schemas.avro.OffsetRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where a drift window of {@link DriftWindows} stands, and what it has counted, without its rows: a
 * few hundred bytes however large the fleet, so that counting a row rewrites this and one row, not
 * the window's sample.
 *
 * @param revision the last revision published (-1 while open)
 * @param revised whether rows joined the window after that revision
 * @param seen pump windows counted
 * @param stored rows in the store (up to twice {@link DriftWindows}' capacity between prunings)
 * @param threshold rows whose {@link FeatureRow#draw()} is this or more (unsigned) cannot be among
 *     the sample and are not stored; -1 (the largest unsigned) until the window is first pruned
 * @param firstMillis earliest pump-window start counted (event time)
 * @param lastMillis latest pump-window start counted
 * @param ranges per pump.features partition, the offsets counted
 */
record DriftWindowTally(
    int revision,
    boolean revised,
    long seen,
    int stored,
    long threshold,
    long firstMillis,
    long lastMillis,
    SortedMap<Integer, Range> ranges) {

  /** Offsets of one partition: from (inclusive), to (exclusive), and how many of them counted. */
  record Range(long from, long to, long count) {
    Range with(long offset) {
      return new Range(Math.min(from, offset), Math.max(to, offset + 1), count + 1);
    }
  }

  static final DriftWindowTally OPEN =
      new DriftWindowTally(
          -1, false, 0, 0, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Collections.emptySortedMap());

  DriftWindowTally {
    ranges = Collections.unmodifiableSortedMap(new TreeMap<>(ranges));
  }

  boolean published() {
    return revision >= 0;
  }

  /** Published as this revision: nothing new since. */
  DriftWindowTally publishedAs(int revision) {
    return new DriftWindowTally(
        revision, false, seen, stored, threshold, firstMillis, lastMillis, ranges);
  }

  /** After a pruning: this many rows stored, none at or above the threshold. */
  DriftWindowTally pruned(int stored, long threshold) {
    return new DriftWindowTally(
        revision, revised, seen, stored, threshold, firstMillis, lastMillis, ranges);
  }

  /**
   * With one more pump window counted (stored or not); marked revised if the window was published
   * before.
   */
  DriftWindowTally counting(FeatureRow row, boolean stored) {
    TreeMap<Integer, Range> more = new TreeMap<>(ranges);
    more.merge(
        row.partition(),
        new Range(row.offset(), row.offset() + 1, 1),
        (was, added) -> was.with(row.offset()));
    return new DriftWindowTally(
        revision,
        published(),
        seen + 1,
        stored ? this.stored + 1 : this.stored,
        threshold,
        Math.min(firstMillis, row.windowStartMillis()),
        Math.max(lastMillis, row.windowStartMillis()),
        more);
  }

  /**
   * Whether the pump windows counted span the drift window [start, end) to within {@code slack} at
   * both ends. A window that the data enters late (the fleet's first hour) or leaves early (an
   * outage) holds minutes that do not stand for the window, so it is not judged.
   */
  boolean covers(long startMillis, long endMillis, long slackMillis) {
    return seen > 0
        && firstMillis <= startMillis + slackMillis
        && lastMillis >= endMillis - slackMillis;
  }

  List<OffsetRange> offsetRanges(String topic) {
    List<OffsetRange> out = new ArrayList<>();
    ranges.forEach(
        (partition, r) -> out.add(new OffsetRange(topic, partition, r.from(), r.to(), r.count())));
    return out;
  }

  static Serde<DriftWindowTally> serde() {
    return StoreSerde.of(
        "drift window tally",
        t -> {
          ByteBuffer b = ByteBuffer.allocate(4 + 1 + 8 + 4 + 8 + 8 + 8 + 4 + t.ranges.size() * 28);
          b.putInt(t.revision)
              .put((byte) (t.revised ? 1 : 0))
              .putLong(t.seen)
              .putInt(t.stored)
              .putLong(t.threshold)
              .putLong(t.firstMillis)
              .putLong(t.lastMillis)
              .putInt(t.ranges.size());
          t.ranges.forEach(
              (p, r) -> b.putInt(p).putLong(r.from()).putLong(r.to()).putLong(r.count()));
          return b.array();
        },
        (topic, b) -> {
          int revision = b.getInt();
          boolean revised = b.get() == 1;
          long seen = b.getLong();
          int stored = b.getInt();
          long threshold = b.getLong();
          long first = b.getLong();
          long last = b.getLong();
          int partitions = b.getInt();
          TreeMap<Integer, Range> ranges = new TreeMap<>();
          for (int i = 0; i < partitions; i++) {
            ranges.put(b.getInt(), new Range(b.getLong(), b.getLong(), b.getLong()));
          }
          return new DriftWindowTally(
              revision, revised, seen, stored, threshold, first, last, ranges);
        });
  }
}
