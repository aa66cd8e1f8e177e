package io.pumpops.featurestream;

import io.pumpops.schemas.avro.PumpReading;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops a reading whose (pumpId, seq) was already seen: ingest delivers at least once, and a
 * redelivered reading must not count twice in its window. The seen ids are kept in a window store,
 * with a digest of what the reading said, for {@code retention} of the partition's stream time
 * counted from when each arrived, not from its event time: a redelivery comes soon after the
 * original in arrival order, whereas a site's backlog may be hours behind the live pumps beside it,
 * and a store keyed by event time would treat such readings as expired (and Kafka Streams would
 * drop them from the store).
 *
 * <p>A reading that repeats a seen (pumpId, seq) with other values or another time is no redelivery
 * but a sensor that reused a sequence number (a reset, a clone): it is not counted either, but
 * passed on as a {@link Outcome.Conflict} for the dead letters, never dropped silently.
 */
final class DeduplicateReadings
    implements Processor<String, PumpReading, String, DeduplicateReadings.Outcome> {

  /** What became of a reading. */
  sealed interface Outcome {
    /** Seen for the first time: it counts. */
    record Fresh(PumpReading reading) implements Outcome {}

    /** Its (pumpId, seq) was seen with other content. */
    record Conflict(PumpReading reading) implements Outcome {}
  }

  /** State store of seen reading ids. */
  static final String STORE = "seen-readings";

  private final Duration retention;
  private ProcessorContext<String, Outcome> context;
  private WindowStore<String, Long> seen;

  /**
   * How long (stream time) seen ids are kept: a window and its grace, and at least ten minutes, so
   * a redelivery after an ingest restart is still recognised while live pumps move stream time on.
   */
  static Duration retention(io.pumpops.features.FeatureSpec spec, Duration grace) {
    Duration windowAndGrace = spec.window().plus(grace);
    Duration floor = Duration.ofMinutes(10);
    return windowAndGrace.compareTo(floor) > 0 ? windowAndGrace : floor;
  }

  DeduplicateReadings(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, PumpReading> record) {
    PumpReading reading = record.value();
    String id = reading.getPumpId() + "#" + reading.getSeq();
    long arrival = Math.max(context.currentStreamTimeMs(), record.timestamp());
    long digest = digest(reading);
    try (WindowStoreIterator<Long> earlier =
        seen.fetch(id, arrival - retention.toMillis(), arrival)) {
      if (earlier.hasNext()) {
        if (earlier.next().value != digest) {
          context.forward(record.withValue(new Outcome.Conflict(reading)));
        }
        return;
      }
    }
    seen.put(id, digest, arrival);
    context.forward(record.withValue(new Outcome.Fresh(reading)));
  }

  /** What the reading says: its time and every channel value, order-independent. */
  static long digest(PumpReading reading) {
    long h = reading.getEventTime().toEpochMilli();
    for (Map.Entry<String, Double> channel : new TreeMap<>(reading.getChannels()).entrySet()) {
      h = 31 * h + channel.getKey().hashCode();
      h = 31 * h + Double.hashCode(channel.getValue());
    }
    return h;
  }
}
