package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
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
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * pump.telemetry → per-pump windows of the FeatureSpec's length and hop (event time, with a grace
 * period for late readings) → one PumpFeatures per pump and window on pump.features, emitted once
 * when the window closes (suppressed until then, so a model never sees a half-filled window).
 */
public final class FeatureTopology {

  /** Name of the windowed state store (its changelog is what makes it survive a restart). */
  public static final String WINDOW_STORE = "pump-feature-windows";

  private FeatureTopology() {
  }

  /**
   * @param spec which features, over which windows
   * @param grace how late a reading may arrive (event time) and still count in its window
   */
  public static Topology build(FeatureSpec spec, Duration grace, Serde<PumpReading> readings,
                               Serde<PumpFeatures> features) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.PUMP_TELEMETRY.name(), Consumed.with(Serdes.String(), readings))
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
