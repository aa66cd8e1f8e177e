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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Three branches.
 *
 * <p>Features: pump.telemetry → without redelivered duplicates ({@link DeduplicateReadings}) →
 * per-pump windows of the FeatureSpec's length and hop, closed by each pump's own event time with a
 * grace for late readings ({@link PumpFeatureWindows}: a site's backlog counts in full while others
 * are live) → one PumpFeatures per pump and window on pump.features, emitted once when the window
 * closes, so a model never sees a half-filled window.
 *
 * <p>Data arrived: the offsets read from each partition, reported on mlops.data-arrived after every
 * N readings or T of wall time (see {@link DataArrivedProcessor}).
 *
 * <p>Drift: pump.features, pooled over the fleet in the hopping windows of {@link DriftMonitoring}
 * ({@link DriftWindows}: judged on time, revised when a late site's windows arrive), compared with
 * each champion's reference profile ({@link ChampionUpdater}, {@link CompareWithChampions}) on
 * pump.drift-stats, one record per feature, window and champion.
 */
public final class FeatureTopology {

  /**
   * Name of the store of each pump's open windows (its changelog is what makes it survive a
   * restart).
   */
  public static final String WINDOW_STORE = PumpFeatureWindows.STORE;

  /**
   * Name of the store of the drift windows' rows (fleet-wide samples of the monitored features).
   */
  public static final String DRIFT_WINDOW_STORE = DriftWindows.ROWS;

  /**
   * How long (fleet time) a judged drift window still takes late pump windows, unless configured.
   */
  public static final Duration DEFAULT_DRIFT_RETENTION = Duration.ofHours(12);

  /** How often (wall time) revised drift windows are published, unless configured. */
  public static final Duration DEFAULT_DRIFT_REVISION_INTERVAL = Duration.ofMinutes(1);

  private FeatureTopology() {}

  /**
   * When to report new data: after this many readings of a partition, or after this much wall time
   * when fewer arrived.
   */
  public record DataArrivedPolicy(long everyRecords, Duration everyInterval) {
    public DataArrivedPolicy {
      if (everyRecords < 1 || everyInterval.isNegative() || everyInterval.isZero()) {
        throw new IllegalArgumentException(
            "data-arrived needs everyRecords >= 1 and a positive interval");
      }
    }
  }

  /**
   * Everything the topology is built from.
   *
   * @param spec which features, over which windows
   * @param grace how late a reading may arrive (its own pump's event time) and still count in its
   *     window
   * @param dataArrived when to report new telemetry
   * @param drift which features to compare with the champions' profiles, over which drift windows
   * @param driftGrace how long after its end (fleet time) a drift window is judged
   * @param driftRetention how long after that it still takes late pump windows, as revisions
   * @param driftRevisionInterval how often (wall time) revised drift windows are published
   */
  public record Config(
      FeatureSpec spec,
      Duration grace,
      DataArrivedPolicy dataArrived,
      DriftMonitoring drift,
      Duration driftGrace,
      Duration driftRetention,
      Duration driftRevisionInterval) {

    /** With the default retention and revision interval. */
    public Config(
        FeatureSpec spec,
        Duration grace,
        DataArrivedPolicy dataArrived,
        DriftMonitoring drift,
        Duration driftGrace) {
      this(
          spec,
          grace,
          dataArrived,
          drift,
          driftGrace,
          DEFAULT_DRIFT_RETENTION,
          DEFAULT_DRIFT_REVISION_INTERVAL);
    }
  }

  /** The value serdes of the topics the topology reads and writes (keys are plain strings). */
  public record TopicSerdes(
      Serde<PumpReading> readings,
      Serde<PumpFeatures> features,
      Serde<DataArrived> dataArrived,
      Serde<ModelPromoted> modelPromoted,
      Serde<DriftStatistics> driftStats,
      Serde<RejectedReading> deadLetters) {

    /** Avro in the Confluent wire format, schemas from this registry. */
    public static TopicSerdes of(SchemaRegistry registry) {
      return new TopicSerdes(
          AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry),
          AvroSerdes.valueSerde(Topics.PUMP_FEATURES, registry),
          AvroSerdes.valueSerde(Topics.DATA_ARRIVED, registry),
          AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry),
          AvroSerdes.valueSerde(Topics.PUMP_DRIFT_STATS, registry),
          AvroSerdes.valueSerde(Topics.DEAD_LETTERS, registry));
    }
  }

  /**
   * The dead letter of a reading that reused a (pumpId, seq) with other content: the reading as
   * JSON, so that an operator sees what the sensor sent the second time.
   */
  static RejectedReading conflictLetter(PumpReading reading) {
    return letter(
        reading,
        "conflict/"
            + reading.getPumpId()
            + "/"
            + reading.getSeq()
            + "/"
            + DeduplicateReadings.digest(reading),
        io.pumpops.schemas.avro.RejectionReason.INVALID_FIELD,
        "seq "
            + reading.getSeq()
            + " of "
            + reading.getPumpId()
            + " was seen before with other values"
            + " or another time (a reset or cloned sensor?); this reading was not counted");
  }

  /**
   * The dead letter of a reading that arrived after its windows closed: the reading as JSON, and
   * why.
   */
  static RejectedReading lateLetter(
      PumpFeatureWindows.Outcome.Late late, FeatureSpec spec, Duration grace) {
    PumpReading reading = late.reading();
    return letter(
        reading,
        "late/" + reading.getPumpId() + "/" + reading.getSeq(),
        io.pumpops.schemas.avro.RejectionReason.TOO_LATE,
        "reading "
            + reading.getSeq()
            + " of "
            + reading.getPumpId()
            + " at "
            + reading.getEventTime()
            + " arrived after that pump had sent readings up to "
            + Instant.ofEpochMilli(late.pumpTimeMillis())
            + ": its "
            + spec.window()
            + " window had closed (grace "
            + grace
            + "); not counted in pump.features");
  }

  /**
   * The dead letter of a pump window that reached the drift windows after all those it belongs to
   * were let go (past their retention): which pump, which window, and the feature values it had.
   */
  static RejectedReading lateForDriftLetter(DriftWindows.Output.Late late, Config config) {
    FeatureRow value = late.row();
    Instant start = Instant.ofEpochMilli(value.windowStartMillis());
    String pump = value.pumpId() == null ? "unknown" : value.pumpId();
    byte[] json =
        ("{\"pumpId\":\""
                + pump
                + "\",\"windowStart\":\""
                + start
                + "\",\"partition\":"
                + value.partition()
                + ",\"offset\":"
                + value.offset()
                + "}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return letter(
        Topics.PUMP_FEATURES.name(),
        value.pumpId(),
        start,
        json,
        "late-for-drift/" + value.partition() + "/" + value.offset(),
        io.pumpops.schemas.avro.RejectionReason.TOO_LATE,
        "the window of "
            + pump
            + " starting "
            + start
            + " (pump.features offset "
            + value.partition()
            + "/"
            + value.offset()
            + ") reached the drift windows when the fleet's time was "
            + Instant.ofEpochMilli(late.fleetTimeMillis())
            + ", after the drift windows it belongs to were let go"
            + " (grace "
            + config.driftGrace()
            + ", retention "
            + config.driftRetention()
            + "); it is in pump.features for training, but in no drift statistics");
  }

  /**
   * A reading feature-stream could not count, as JSON, with a deterministic id so a replay writes
   * the same letter.
   */
  private static RejectedReading letter(
      PumpReading reading,
      String idSeed,
      io.pumpops.schemas.avro.RejectionReason reason,
      String message) {
    return letter(
        Topics.PUMP_TELEMETRY.name(),
        reading.getPumpId(),
        reading.getIngestTime(),
        io.pumpops.schemas.serde.AvroJson.encode(reading),
        idSeed,
        reason,
        message);
  }

  /**
   * The one shape of feature-stream's dead letters: what it could not use, from where, whose, and
   * why.
   */
  private static RejectedReading letter(
      String sourceTopic,
      String pumpId,
      Instant eventTime,
      byte[] payload,
      String idSeed,
      io.pumpops.schemas.avro.RejectionReason reason,
      String message) {
    return RejectedReading.newBuilder()
        .setEventId(
            java.util
                .UUID
                .nameUUIDFromBytes(idSeed.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString())
        .setEventTime(eventTime)
        .setSourceTopic(sourceTopic)
        .setSource(io.pumpops.schemas.avro.RejectionSource.KAFKA)
        .setPumpId(pumpId)
        .setReason(reason)
        .setMessage(message)
        .setPayload(java.nio.ByteBuffer.wrap(payload))
        .setPayloadSize((long) payload.length)
        .setService("feature-stream")
        .build();
  }

  public static Topology build(Config config, TopicSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, PumpReading> telemetry =
        builder.stream(
            Topics.PUMP_TELEMETRY.name(), Consumed.with(Serdes.String(), serdes.readings()));
    addDataArrived(builder, telemetry, config.dataArrived(), serdes);
    addFeatures(builder, telemetry, config.spec(), config.grace(), serdes);
    addDrift(builder, config, serdes);
    return builder.build();
  }

  private static void addDataArrived(
      StreamsBuilder builder,
      KStream<String, PumpReading> telemetry,
      DataArrivedPolicy dataArrived,
      TopicSerdes serdes) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DataArrivedProcessor.STORE),
            Serdes.Integer(),
            PendingRange.serde()));
    telemetry
        .process(
            () ->
                new DataArrivedProcessor(
                    Topics.PUMP_TELEMETRY.name(),
                    dataArrived.everyRecords(),
                    dataArrived.everyInterval()),
            Named.as("data-arrived"),
            DataArrivedProcessor.STORE)
        .to(Topics.DATA_ARRIVED.name(), Produced.with(Serdes.String(), serdes.dataArrived()));
  }

  private static void addFeatures(
      StreamsBuilder builder,
      KStream<String, PumpReading> telemetry,
      FeatureSpec spec,
      Duration grace,
      TopicSerdes serdes) {
    Duration dedupRetention = DeduplicateReadings.retention(spec, grace);
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                DeduplicateReadings.STORE, dedupRetention.multipliedBy(2), dedupRetention, false),
            Serdes.String(),
            Serdes.Long()));
    KStream<String, DeduplicateReadings.Outcome> deduplicated =
        telemetry.process(
            () -> new DeduplicateReadings(dedupRetention),
            Named.as("deduplicate-readings"),
            DeduplicateReadings.STORE);
    deduplicated
        .filter(
            (pumpId, outcome) -> outcome instanceof DeduplicateReadings.Outcome.Conflict,
            Named.as("reused-sequence-numbers"))
        .map(
            (pumpId, outcome) ->
                KeyValue.pair(
                    Topics.PUMP_TELEMETRY.name(),
                    conflictLetter(((DeduplicateReadings.Outcome.Conflict) outcome).reading())),
            Named.as("to-dead-letter"))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.deadLetters()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PumpFeatureWindows.STORE),
                Serdes.String(),
                OpenPumpWindows.serde())
            .withCachingEnabled());
    KStream<String, PumpFeatureWindows.Outcome> windows =
        deduplicated
            .filter(
                (pumpId, outcome) -> outcome instanceof DeduplicateReadings.Outcome.Fresh,
                Named.as("fresh-readings"))
            .mapValues(
                outcome -> ((DeduplicateReadings.Outcome.Fresh) outcome).reading(),
                Named.as("reading"))
            .process(
                () -> new PumpFeatureWindows(spec, grace),
                Named.as("pump-windows"),
                PumpFeatureWindows.STORE);
    windows
        .filter(
            (pumpId, outcome) -> outcome instanceof PumpFeatureWindows.Outcome.Late,
            Named.as("too-late"))
        .map(
            (pumpId, outcome) ->
                KeyValue.pair(
                    Topics.PUMP_TELEMETRY.name(),
                    lateLetter((PumpFeatureWindows.Outcome.Late) outcome, spec, grace)),
            Named.as("late-to-dead-letter"))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.deadLetters()));
    windows
        .filter(
            (pumpId, outcome) -> outcome instanceof PumpFeatureWindows.Outcome.Closed,
            Named.as("closed-windows"))
        .mapValues(
            outcome -> ((PumpFeatureWindows.Outcome.Closed) outcome).features(),
            Named.as("features"))
        .to(Topics.PUMP_FEATURES.name(), Produced.with(Serdes.String(), serdes.features()));
  }

  /**
   * pump.features (read back, so every value has its offset) → one row of the monitored features
   * per pump window → repartitioned to one partition → fleet-wide hopping drift windows by the pump
   * windows' start ({@link DriftWindows}: judged when the fleet's time closes them, revised when
   * late pump windows join) → statistics against each champion's reference profile →
   * pump.drift-stats.
   */
  private static void addDrift(StreamsBuilder builder, Config config, TopicSerdes serdes) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ChampionUpdater.STORE),
                Serdes.String(),
                Champion.serde())
            .withLoggingDisabled(),
        Topics.MODEL_PROMOTED.name(),
        Consumed.with(Serdes.String(), serdes.modelPromoted()),
        () -> new ChampionUpdater(config.spec()));
    DriftMonitoring drift = config.drift();
    DriftWindows.stores().forEach(builder::addStateStore);
    KStream<String, DriftWindows.Output> windows =
        builder.stream(
                Topics.PUMP_FEATURES.name(),
                Consumed.with(Serdes.String(), serdes.features())
                    .withTimestampExtractor(FeatureTopology::featureWindowStart)
                    .withName("features-for-drift"))
            .process(() -> new PoolFeatureRows(drift), Named.as("pool-monitored-features"))
            // One partition: the fleet is one population, and one row per pump window is little.
            .repartition(
                Repartitioned.with(Serdes.String(), FeatureRow.serde())
                    .withName("drift-rows")
                    .withNumberOfPartitions(1))
            .process(
                () ->
                    new DriftWindows(
                        drift,
                        config.driftGrace(),
                        config.driftRetention(),
                        config.driftRevisionInterval()),
                Named.as("drift-windows"),
                DriftWindows.ROWS,
                DriftWindows.TALLIES,
                DriftWindows.PUMP_TIMES);
    windows
        .filter(
            (key, out) -> out instanceof DriftWindows.Output.Late, Named.as("too-late-for-drift"))
        .map(
            (feature, out) ->
                KeyValue.pair(
                    Topics.PUMP_FEATURES.name(),
                    lateForDriftLetter((DriftWindows.Output.Late) out, config)),
            Named.as("late-for-drift-to-dead-letter"))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), serdes.deadLetters()));
    windows
        .filter(
            (feature, out) -> out instanceof DriftWindows.Output.Window,
            Named.as("drift-window-values"))
        .mapValues(out -> (DriftWindows.Output.Window) out, Named.as("drift-window"))
        .process(
            () -> new CompareWithChampions(config.spec(), drift.hop()),
            Named.as("compare-with-champions"))
        .to(Topics.PUMP_DRIFT_STATS.name(), Produced.with(Serdes.String(), serdes.driftStats()));
  }

  /** Drift windows group feature windows by when they start, not by when they were emitted. */
  private static long featureWindowStart(
      org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record, long partitionTime) {
    return record.value() instanceof PumpFeatures f
        ? f.getWindowStart().toEpochMilli()
        : partitionTime;
  }
}
