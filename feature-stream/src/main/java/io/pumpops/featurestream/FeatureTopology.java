package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Two branches over pump.telemetry.
 *
 * <p>Features: pump.telemetry → without redelivered duplicates ({@link DeduplicateReadings}) → per-pump windows of the FeatureSpec's length and hop (event time, with a grace
 * period for late readings) → one PumpFeatures per pump and window on pump.features, emitted once
 * when the window closes (suppressed until then, so a model never sees a half-filled window).
 *
 * <p>Data arrived: the offsets read from each partition, reported on mlops.data-arrived after every
 * N readings or T of wall time (see {@link DataArrivedProcessor}).
 */
public final class FeatureTopology {

  /** Name of the windowed state store (its changelog is what makes it survive a restart). */
  public static final String WINDOW_STORE = "pump-feature-windows";

  private FeatureTopology() {
  }

  /**
   * When to report new data: after this many readings of a partition, or after this much wall
   * time when fewer arrived.
   */
  public record DataArrivedPolicy(long everyRecords, Duration everyInterval) {
    public DataArrivedPolicy {
      if (everyRecords < 1 || everyInterval.isNegative() || everyInterval.isZero()) {
        throw new IllegalArgumentException("data-arrived needs everyRecords >= 1 and a positive interval");
      }
    }
  }

  /**
   * @param spec which features, over which windows
   * @param grace how late a reading may arrive (event time) and still count in its window
   * @param dataArrived when to report new telemetry
   */
  public static Topology build(FeatureSpec spec, Duration grace, DataArrivedPolicy dataArrived,
                               Serde<PumpReading> readings, Serde<PumpFeatures> features,
                               Serde<DataArrived> dataArrivedSerde) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, PumpReading> telemetry =
        builder.stream(Topics.PUMP_TELEMETRY.name(), Consumed.with(Serdes.String(), readings));

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DataArrivedProcessor.STORE),
        Serdes.Integer(), PendingRange.serde()));
    telemetry
        .process(() -> new DataArrivedProcessor(Topics.PUMP_TELEMETRY.name(), dataArrived.everyRecords(),
            dataArrived.everyInterval()), Named.as("data-arrived"), DataArrivedProcessor.STORE)
        .to(Topics.DATA_ARRIVED.name(), Produced.with(Serdes.String(), dataArrivedSerde));

    Duration dedupRetention = spec.window().plus(grace);
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DeduplicateReadings.STORE,
        dedupRetention.multipliedBy(2), dedupRetention, false), Serdes.String(), Serdes.Long()));
    telemetry
        .process(() -> new DeduplicateReadings(dedupRetention), Named.as("deduplicate-readings"),
            DeduplicateReadings.STORE)
        .groupByKey(Grouped.with(Serdes.String(), readings))
        .windowedBy(TimeWindows.ofSizeAndGrace(spec.window(), grace).advanceBy(spec.hop()))
        .aggregate(PumpWindowState::empty,
            (pumpId, reading, state) -> state.add(reading.getSiteId(), reading.getEventTime().toEpochMilli(),
                reading.getChannels()),
            Materialized.<String, PumpWindowState, WindowStore<Bytes, byte[]>>as(WINDOW_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(PumpWindowState.serde()))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-window-closes"))
        .toStream()
        .map((window, state) -> KeyValue.pair(window.key(), toFeatures(spec, window, state)))
        .to(Topics.PUMP_FEATURES.name(), Produced.with(Serdes.String(), features));
    return builder.build();
  }

  static PumpFeatures toFeatures(FeatureSpec spec, Windowed<String> window, PumpWindowState state) {
    Instant start = window.window().startTime();
    Instant end = window.window().endTime();
    return PumpFeatures.newBuilder()
        .setEventId(window.key() + "/" + start.toEpochMilli() + "/" + spec.version())
        .setEventTime(end)
        .setPumpId(window.key())
        .setSiteId(state.siteId().isEmpty() ? null : state.siteId())
        .setWindowStart(start)
        .setWindowEnd(end)
        .setFeatureSpecVersion(spec.version())
        .setReadingCount((int) state.aggregate().readings())
        .setFeatures(state.aggregate().features(spec))
        .build();
  }
}
