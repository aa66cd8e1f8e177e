package io.pumpops.featurestream;

import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reports new data of record: for each partition of pump.telemetry it tracks the offsets read since
 * the last report, and emits a {@link DataArrived} with the exact range {@code [from, to)} and the
 * record count after every {@code everyRecords} readings, or every {@code everyInterval} of wall
 * time if fewer came. The pending range is in a state store, so under exactly-once processing a
 * range is reported once, whole, even across crashes and rebalances.
 */
final class DataArrivedProcessor implements Processor<String, PumpReading, String, DataArrived> {

  /** State store of pending ranges, keyed by partition. */
  static final String STORE = "data-arrived-pending";

  private final String dataset;
  private final long everyRecords;
  private final Duration everyInterval;
  private ProcessorContext<String, DataArrived> context;
  private KeyValueStore<Integer, PendingRange> pending;

  DataArrivedProcessor(String dataset, long everyRecords, Duration everyInterval) {
    this.dataset = dataset;
    this.everyRecords = everyRecords;
    this.everyInterval = everyInterval;
  }

  @Override
  public void init(ProcessorContext<String, DataArrived> context) {
    this.context = context;
    this.pending = context.getStateStore(STORE);
    context.schedule(everyInterval, PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
  }

  @Override
  public void process(Record<String, PumpReading> record) {
    RecordMetadata meta =
        context
            .recordMetadata()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "data-arrived needs the source offsets; it must read the topic directly"));
    long eventTime = record.value().getEventTime().toEpochMilli();
    PendingRange range = pending.get(meta.partition());
    range =
        range == null
            ? new PendingRange(
                meta.topic(), meta.offset(), meta.offset() + 1, 1, eventTime, eventTime)
            : range.extend(meta.offset(), eventTime);
    if (range.count() >= everyRecords) {
      emit(meta.partition(), range);
    } else {
      pending.put(meta.partition(), range);
    }
  }

  private void flushAll() {
    List<KeyValue<Integer, PendingRange>> all = new ArrayList<>();
    try (KeyValueIterator<Integer, PendingRange> it = pending.all()) {
      it.forEachRemaining(all::add);
    }
    all.forEach(entry -> emit(entry.key, entry.value));
  }

  private void emit(int partition, PendingRange range) {
    pending.delete(partition);
    OffsetRange offsets =
        new OffsetRange(range.topic(), partition, range.from(), range.to(), range.count());
    DataArrived event =
        DataArrived.newBuilder()
            .setEventId(dataset + "/" + partition + "/" + range.from() + "-" + range.to())
            .setEventTime(Instant.ofEpochMilli(context.currentSystemTimeMs()))
            .setDataset(dataset)
            .setRanges(List.of(offsets))
            .setRecordCount(range.count())
            .setFirstEventTime(Instant.ofEpochMilli(range.firstEventTime()))
            .setLastEventTime(Instant.ofEpochMilli(range.lastEventTime()))
            .build();
    context.forward(new Record<>(dataset, event, context.currentSystemTimeMs()));
  }
}
