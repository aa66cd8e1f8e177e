package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
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
 * Three branches.
 *
 * <p>Features: pump.telemetry → without redelivered duplicates ({@link DeduplicateReadings}) → per-pump windows of the FeatureSpec's length and hop (event time, with a grace
 * period for late readings) → one PumpFeatures per pump and window on pump.features, emitted once
 * when the window closes (suppressed until then, so a model never sees a half-filled window).
 *
 * <p>Data arrived: the offsets read from each partition, reported on mlops.data-arrived after every
 * N readings or T of wall time (see {@link DataArrivedProcessor}).
 *
 * <p>Drift: pump.features, pooled over the fleet in the hopping windows of {@link DriftMonitoring},
 * compared with each champion's reference profile ({@link ChampionUpdater}, {@link CompareWithChampions})
 * on pump.drift-stats, one record per feature, window and champion.
 */
public final class FeatureTopology {

  /** Name of the windowed state store (its changelog is what makes it survive a restart). */
  public static final String WINDOW_STORE = "pump-feature-windows";
  /** Name of the store of drift windows (fleet-wide samples per monitored feature). */
  public static final String DRIFT_WINDOW_STORE = "drift-windows";

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
   * Everything the topology is built from.
   *
   * @param spec which features, over which windows
   * @param grace how late a reading may arrive (event time) and still count in its window
   * @param dataArrived when to report new telemetry
   * @param drift which features to compare with the champions' profiles, over which drift windows
   * @param driftGrace how late a feature window may arrive and still count in its drift window
   */
  public record Config(FeatureSpec spec, Duration grace, DataArrivedPolicy dataArrived, DriftMonitoring drift,
                       Duration driftGrace) {
  }

  /** The value serdes of the topics the topology reads and writes (keys are plain strings). */
  public record TopicSerdes(Serde<PumpReading> readings, Serde<PumpFeatures> features,
                            Serde<DataArrived> dataArrived, Serde<ModelPromoted> modelPromoted,
                            Serde<DriftStatistics> driftStats, Serde<RejectedReading> deadLetters) {

    /** Avro in the Confluent wire format, schemas from this registry. */
    public static TopicSerdes of(SchemaRegistry registry) {
      return new TopicSerdes(AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry),
          AvroSerdes.valueSerde(Topics.PUMP_FEATURES, registry), AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry),
          AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry), AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry),
          AvroSerdes.valueSerde(Topics.DEAD_LETTERS, registry));
    }
  }

  /**
   * The dead letter of a reading that reused a (pumpId, seq) with other content: the reading as
   * JSON, so that an operator sees what the sensor sent the second time.
   */
  static RejectedReading conflictLetter(PumpReading reading) {
    return letter(reading, "conflict/" + reading.getPumpId() + "/" + reading.getSeq() + "/"
        + DeduplicateReadings.digest(reading), io.pumpops.schemas.avro.RejectionReason.INVALID_FIELD,
        "seq " + reading.getSeq() + " of " + reading.getPumpId() + " was seen before with other values"
            + " or another time (a reset or cloned sensor?); this reading was not counted");
  }

  /** The dead letter of a reading that arrived after its windows closed: the reading as JSON, and why. */
  static RejectedReading lateLetter(LateReadings.Outcome.Late late, FeatureSpec spec, Duration grace) {
    PumpReading reading = late.reading();
    return letter(reading, "late/" + reading.getPumpId() + "/" + reading.getSeq(),
        io.pumpops.schemas.avro.RejectionReason.TOO_LATE,
        "reading " + reading.getSeq() + " of " + reading.getPumpId() + " at " + reading.getEventTime()
            + " arrived when its partition's event time was " + Instant.ofEpochMilli(late.streamTimeMillis())
            + ": its " + spec.window() + " window had closed (grace " + grace + "); not counted in pump.features");
  }

  /** A reading feature-stream could not count, as JSON, with a deterministic id so a replay writes the same letter. */
  private static RejectedReading letter(PumpReading reading, String idSeed,
                                        io.pumpops.schemas.avro.RejectionReason reason, String message) {
    byte[] json = io.pumpops.schemas.serde.AvroJson.encode(reading);
    return RejectedReading.newBuilder()
        .setEventId(java.util.UUID.nameUUIDFromBytes(idSeed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
        .setEventTime(reading.getIngestTime())
        .setSourceTopic(Topics.PUMP_TELEMETRY.name())
        .setSource(io.pumpops.schemas.avro.RejectionSource.KAFKA)
        .setPumpId(reading.getPumpId())
        .setReason(reason)
        .setMessage(message)
        .setPayload(java.nio.ByteBuffer.wrap(json))
        .setPayloadSize((long) json.length)
        .setService("feature-stream")
        .build();
  }

  public static Topology build(Config config, TopicSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, PumpReading> telemetry =
        builder.stream(Topics.PUMP_TELEMETRY.name(), Consumed.with(Serdes.String(), serdes.readings()));
    addDataArrived(builder, telemetry, config.dataArrived(), serdes);
    addFeatures(builder, telemetry, config.spec(), config.grace(), serdes);
    addDrift(builder, config, serdes);
    return builder.build();
  }

  private static void addDataArrived(StreamsBuilder builder, KStream<String, PumpReading> telemetry,
                                     DataArrivedPolicy dataArrived, TopicSerdes serdes) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DataArrivedProcessor.STORE),
        Serdes.Integer(), PendingRange.serde()));
    telemetry
        .process(() -> new DataArrivedProcessor(Topics.PUMP_TELEMETRY.name(), dataArrived.everyRecords(),
            dataArrived.everyInterval()), Named.as("data-arrived"), DataArrivedProcessor.STORE)
        .to(Topics.DATA_ARRIVED.name(), Produced.with(Serdes.String(), serdes.dataArrived()));
  }

  private static void addFeatures(StreamsBuilder builder, KStream<String, PumpReading> telemetry, FeatureSpec spec,
                                  Duration grace, TopicSerdes serdes) {
    Duration dedupRetention = spec.window().plus(grace);
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DeduplicateReadings.STORE,
        dedupRetention.multipliedBy(2), dedupRetention, false), Serdes.String(), Serdes.Long()));
    KStream<String, DeduplicateReadings.Outcome> deduplicated = telemetry
        .process(() -> new DeduplicateReadings(dedupRetention), Named.as("deduplicate-readings"),
            DeduplicateReadings.STORE);
    deduplicated
        .filter((pumpId, outcome) -> outcome instanceof DeduplicateReadings.Outcome.Conflict,
            Named.as("reused-sequence-numbers"))
        .map((pumpId, outcome) -> KeyValue.pair(Topics.PUMP_TELEMETRY.name(),
            conflictLetter(((DeduplicateReadings.Outcome.Conflict) outcome).reading())), Named.as("to-dead-letter"))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.deadLetters()));
    KStream<String, LateReadings.Outcome> timed = deduplicated
        .filter((pumpId, outcome) -> outcome instanceof DeduplicateReadings.Outcome.Fresh, Named.as("fresh-readings"))
        .mapValues(outcome -> ((DeduplicateReadings.Outcome.Fresh) outcome).reading(), Named.as("reading"))
        .processValues(() -> new LateReadings(spec, grace), Named.as("late-readings"));
    timed
        .filter((pumpId, outcome) -> outcome instanceof LateReadings.Outcome.Late, Named.as("too-late"))
        .map((pumpId, outcome) -> KeyValue.pair(Topics.PUMP_TELEMETRY.name(),
            lateLetter((LateReadings.Outcome.Late) outcome, spec, grace)), Named.as("late-to-dead-letter"))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.deadLetters()));
    timed
        .filter((pumpId, outcome) -> outcome instanceof LateReadings.Outcome.OnTime, Named.as("on-time"))
        .mapValues(outcome -> ((LateReadings.Outcome.OnTime) outcome).reading(), Named.as("on-time-reading"))
        .groupByKey(Grouped.with(Serdes.String(), serdes.readings()))
        .windowedBy(TimeWindows.ofSizeAndGrace(spec.window(), grace).advanceBy(spec.hop()))
        .aggregate(PumpWindowState::empty,
            (pumpId, reading, state) -> state.add(reading.getSiteId(), reading.getEventTime().toEpochMilli(),
                reading.getChannels()),
            Materialized.<String, PumpWindowState, WindowStore<Bytes, byte[]>>as(WINDOW_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(PumpWindowState.serde()))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-window-closes"))
        .toStream()
        .map((window, state) -> KeyValue.pair(window.key(), toFeatures(spec, window, state)))
        .to(Topics.PUMP_FEATURES.name(), Produced.with(Serdes.String(), serdes.features()));
  }

  /**
   * pump.features (read back, so every value has its offset) → one record per monitored feature →
   * fleet-wide hopping drift windows by the feature windows' start → when a drift window closes, its
   * statistics against each champion's reference profile → pump.drift-stats.
   */
  private static void addDrift(StreamsBuilder builder, Config config, TopicSerdes serdes) {
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ChampionUpdater.STORE),
            Serdes.String(), Champion.serde()).withLoggingDisabled(),
        Topics.MODEL_PROMOTED.name(), Consumed.with(Serdes.String(), serdes.modelPromoted()),
        () -> new ChampionUpdater(config.spec()));
    DriftMonitoring drift = config.drift();
    builder.stream(Topics.PUMP_FEATURES.name(), Consumed.with(Serdes.String(), serdes.features())
            .withTimestampExtractor(FeatureTopology::featureWindowStart).withName("features-for-drift"))
        .process(() -> new ExplodeFeatures(drift), Named.as("explode-monitored-features"))
        .groupByKey(Grouped.with("drift-by-feature", Serdes.String(), FeatureValue.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(drift.window(), config.driftGrace()).advanceBy(drift.hop()))
        .aggregate(DriftSample::empty, (feature, value, sample) -> sample.add(value),
            Materialized.<String, DriftSample, WindowStore<Bytes, byte[]>>as(DRIFT_WINDOW_STORE)
                .withKeySerde(Serdes.String()).withValueSerde(DriftSample.serde()))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("until-drift-window-closes"))
        .toStream()
        .process(() -> new CompareWithChampions(config.spec(), drift.hop()), Named.as("compare-with-champions"))
        .to(Topics.PUMP_DRIFT_STATS.name(), Produced.with(Serdes.String(), serdes.driftStats()));
  }

  /** Drift windows group feature windows by when they start, not by when they were emitted. */
  private static long featureWindowStart(org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record,
                                         long partitionTime) {
    return record.value() instanceof PumpFeatures f ? f.getWindowStart().toEpochMilli() : partitionTime;
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
