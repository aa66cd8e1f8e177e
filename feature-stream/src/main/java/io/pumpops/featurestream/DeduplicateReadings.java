package io.pumpops.featurestream;

import io.pumpops.schemas.avro.PumpReading;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops a reading whose (pumpId, seq) was already seen: ingest delivers at least once, and a
 * redelivered reading must not count twice in its window. The seen ids are kept in a window store
 * for {@code retention} of event time (the window length plus the grace: a duplicate arriving
 * later would fall outside any open window anyway).
 */
final class DeduplicateReadings implements Processor<String, PumpReading, String, PumpReading> {

  /** State store of seen reading ids. */
  static final String STORE = "seen-readings";

  private final Duration retention;
  private ProcessorContext<String, PumpReading> context;
  private WindowStore<String, Long> seen;

  DeduplicateReadings(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, PumpReading> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, PumpReading> record) {
    PumpReading reading = record.value();
    String id = reading.getPumpId() + "#" + reading.getSeq();
    long eventTime = reading.getEventTime().toEpochMilli();
    try (WindowStoreIterator<Long> earlier = seen.fetch(id, eventTime - retention.toMillis(),
        eventTime + retention.toMillis())) {
      if (earlier.hasNext()) {
        return;
      }
    }
    seen.put(id, eventTime, eventTime);
    context.forward(record);
  }
}
