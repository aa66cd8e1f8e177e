package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Sets apart a reading whose windows have all closed (its last window's end plus the grace is not
 * after the task's stream time) before it reaches the windowed aggregation, which would drop it
 * with no more trace than a task-wide count. Set apart, it goes to the dead letters with its pump,
 * so what a late site sent stays visible, countable per pump and replayable.
 *
 * <p>Stream time is the partition's: one pump whose clock runs ahead, or other pumps of the same
 * partition that are live while this one drains a backlog, make this pump's readings late. Windows
 * closed by each pump's own progress would not (issue 19, not built yet).
 */
final class LateReadings implements FixedKeyProcessor<String, PumpReading, LateReadings.Outcome> {

  /** A reading that still counts, or one that came after every window it belongs to had closed. */
  sealed interface Outcome {
    record OnTime(PumpReading reading) implements Outcome {
    }

    /** @param streamTimeMillis the partition's stream time when it arrived */
    record Late(PumpReading reading, long streamTimeMillis) implements Outcome {
    }
  }

  private final long windowMillis;
  private final long hopMillis;
  private final long graceMillis;
  private FixedKeyProcessorContext<String, Outcome> context;

  LateReadings(FeatureSpec spec, Duration grace) {
    this.windowMillis = spec.window().toMillis();
    this.hopMillis = spec.hop().toMillis();
    this.graceMillis = grace.toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Outcome> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, PumpReading> record) {
    long time = record.timestamp();
    long lastWindowEnd = Math.floorDiv(time, hopMillis) * hopMillis + windowMillis;
    long streamTime = context.currentStreamTimeMs();
    context.forward(record.withValue(lastWindowEnd + graceMillis <= streamTime
        ? new Outcome.Late(record.value(), streamTime) : new Outcome.OnTime(record.value())));
  }
}
