package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.window.Windows;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each pump's feature windows, opened and closed by that pump's own event time.
 *
 * <p>Kafka Streams' windowed aggregations close windows by the task's stream time, the latest event
 * time of any pump on the partition. That is wrong for this fleet: a site that comes back online
 * with hours of buffered readings shares partitions with live sites, so all of its readings would
 * be hours "late" and dropped; one sensor whose clock runs ahead would close the windows of every
 * pump beside it. Here a window closes when its own pump's latest reading is past the window's end
 * plus the grace, so a backlog is counted in full, in its own time, whatever the others do.
 *
 * <p>A reading is {@link Outcome.Late} only when its own pump has already moved past every window
 * it belongs to; it then goes to the dead letters with its pump, never dropped silently. A pump
 * that stops sending keeps its last window open until it sends again (nothing it sent is lost; the
 * window is emitted then).
 *
 * <p>Windows are aligned to the epoch, as {@code TimeWindows}: starts are multiples of the hop.
 */
final class PumpFeatureWindows
    implements Processor<String, PumpReading, String, PumpFeatureWindows.Outcome> {

  /** State store: pump id → its event time and open windows. */
  static final String STORE = "pump-windows";

  /** A closed window's features, or a reading too late for any of its windows. */
  sealed interface Outcome {
    record Closed(PumpFeatures features) implements Outcome {}

    /**
     * @param pumpTimeMillis the pump's own event time when the reading arrived
     */
    record Late(PumpReading reading, long pumpTimeMillis) implements Outcome {}
  }

  private final FeatureSpec spec;
  private final long windowMillis;
  private final long hopMillis;
  private final long graceMillis;
  private ProcessorContext<String, Outcome> context;
  private KeyValueStore<String, OpenPumpWindows> store;

  PumpFeatureWindows(FeatureSpec spec, Duration grace) {
    this.spec = spec;
    this.windowMillis = spec.window().toMillis();
    this.hopMillis = spec.hop().toMillis();
    this.graceMillis = grace.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, PumpReading> record) {
    PumpReading reading = record.value();
    // The reading's own pump id, not the record key: a record produced without a key (not by
    // ingest) must not stop the stream.
    String pumpId = reading.getPumpId();
    long time = reading.getEventTime().toEpochMilli();
    OpenPumpWindows pump = store.get(pumpId);
    if (pump == null) {
      pump = OpenPumpWindows.empty();
    }
    long lastStart = Windows.lastStart(time, hopMillis);
    if (closed(lastStart, pump.pumpTimeMillis())) {
      context.forward(record.withValue(new Outcome.Late(reading, pump.pumpTimeMillis())));
      return;
    }
    for (long start = lastStart;
        start >= Windows.firstStart(time, windowMillis, hopMillis);
        start -= hopMillis) {
      if (!closed(start, pump.pumpTimeMillis())) {
        pump.window(start).add(reading.getSiteId(), time, reading.getChannels());
      }
    }
    pump.advanceTo(time);
    for (Map.Entry<Long, PumpWindowState> window :
        pump.closeUpTo(pump.pumpTimeMillis() - graceMillis - windowMillis)) {
      long start = window.getKey();
      context.forward(
          new Record<String, Outcome>(
              pumpId,
              new Outcome.Closed(
                  features(
                      spec,
                      pumpId,
                      Instant.ofEpochMilli(start),
                      Instant.ofEpochMilli(start + windowMillis),
                      window.getValue())),
              start + windowMillis));
    }
    store.put(pumpId, pump);
  }

  /** The window starting there closes once its pump's time reaches its end plus the grace. */
  private boolean closed(long start, long pumpTimeMillis) {
    return start + windowMillis + graceMillis <= pumpTimeMillis;
  }

  static PumpFeatures features(
      FeatureSpec spec, String pumpId, Instant start, Instant end, PumpWindowState state) {
    return PumpFeatures.newBuilder()
        .setEventId(pumpId + "/" + start.toEpochMilli() + "/" + spec.version())
        .setEventTime(end)
        .setPumpId(pumpId)
        .setSiteId(state.siteId().isEmpty() ? null : state.siteId())
        .setWindowStart(start)
        .setWindowEnd(end)
        .setFeatureSpecVersion(spec.version())
        .setReadingCount((int) state.aggregate().readings())
        .setFeatures(state.aggregate().features(spec))
        .build();
  }
}
