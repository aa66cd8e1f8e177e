package io.pumpops.schemas.topics;

import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_DELETE;

import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RegistryEntry;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.TrainingRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalog: the one place where topic names, partition counts and retention are declared.
 * Services refer to these constants, never to a string literal.
 *
 * <p>Why these settings:
 *
 * <ul>
 *   <li>{@code pump.telemetry} is the data of record that training replays by offset, so it is kept
 *       forever; a model's lineage is only rebuildable while its offsets exist.
 *   <li>{@code mlops.registry-log} has one partition and is never compacted: the audit chain needs
 *       one total order and every entry.
 *   <li>The {@code mlops.*} decision topics have one partition each: they carry few events and
 *       consumers want them in order.
 *   <li>Pump-keyed topics have six partitions, enough for a few instances per service on a small
 *       cluster while keeping each pump's readings in order.
 * </ul>
 */
public final class Topics {

  private static final Duration DAYS_7 = Duration.ofDays(7);
  private static final Duration DAYS_30 = Duration.ofDays(30);
  private static final Duration DAYS_90 = Duration.ofDays(90);

  public static final TopicSpec<PumpReading> PUMP_TELEMETRY =
      new TopicSpec<>(
          "pump.telemetry",
          6,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "pumpId",
          PumpReading.class);

  public static final TopicSpec<RejectedReading> PUMP_TELEMETRY_DLQ =
      new TopicSpec<>(
          "pump.telemetry.dlq",
          3,
          DAYS_30,
          CLEANUP_POLICY_DELETE,
          "pumpId, or null when unknown",
          RejectedReading.class);

  public static final TopicSpec<AlarmEvent> PUMP_ALARMS =
      new TopicSpec<>(
          "pump.alarms", 6, TopicSpec.FOREVER, CLEANUP_POLICY_DELETE, "pumpId", AlarmEvent.class);

  /**
   * Records already on Kafka that a service could not use (undecodable, or refused by Kafka when
   * stored), keyed by the topic they came from; pump.telemetry.dlq keeps what ingest refused.
   */
  public static final TopicSpec<RejectedReading> DEAD_LETTERS =
      new TopicSpec<>(
          "pumpops.dead-letters",
          3,
          DAYS_30,
          CLEANUP_POLICY_DELETE,
          "source topic",
          RejectedReading.class);

  public static final TopicSpec<PumpFeatures> PUMP_FEATURES =
      new TopicSpec<>(
          "pump.features", 6, DAYS_90, CLEANUP_POLICY_DELETE, "pumpId", PumpFeatures.class);

  public static final TopicSpec<DriftStatistics> PUMP_DRIFT_STATS =
      new TopicSpec<>(
          "pump.drift-stats",
          3,
          DAYS_30,
          CLEANUP_POLICY_DELETE,
          "feature name",
          DriftStatistics.class);

  public static final TopicSpec<AnomalyEvent> PUMP_ANOMALIES =
      new TopicSpec<>(
          "pump.anomalies", 6, DAYS_90, CLEANUP_POLICY_DELETE, "pumpId", AnomalyEvent.class);

  public static final TopicSpec<DataArrived> DATA_ARRIVED =
      new TopicSpec<>(
          "mlops.data-arrived", 1, DAYS_90, CLEANUP_POLICY_DELETE, "dataset", DataArrived.class);

  public static final TopicSpec<DriftDetected> DRIFT_DETECTED =
      new TopicSpec<>(
          "mlops.drift-detected",
          1,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "model name",
          DriftDetected.class);

  public static final TopicSpec<TrainingRun> TRAINING_RUNS =
      new TopicSpec<>(
          "mlops.training-runs",
          1,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "run id",
          TrainingRun.class);

  public static final TopicSpec<ModelRegistered> MODEL_REGISTERED =
      new TopicSpec<>(
          "mlops.model-registered",
          1,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "model name",
          ModelRegistered.class);

  public static final TopicSpec<ModelPromoted> MODEL_PROMOTED =
      new TopicSpec<>(
          "mlops.model-promoted",
          1,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "model name",
          ModelPromoted.class);

  public static final TopicSpec<RegistryEntry> REGISTRY_LOG =
      new TopicSpec<>(
          "mlops.registry-log",
          1,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "model name",
          RegistryEntry.class);

  public static final TopicSpec<Deployment> EDGE_DEPLOYMENTS =
      new TopicSpec<>(
          "edge.deployments",
          3,
          TopicSpec.FOREVER,
          CLEANUP_POLICY_DELETE,
          "gatewayId",
          Deployment.class);

  public static final TopicSpec<EdgeStatus> EDGE_STATUS =
      new TopicSpec<>(
          "edge.status", 3, DAYS_7, CLEANUP_POLICY_DELETE, "gatewayId", EdgeStatus.class);

  /** Every topic of the system, in the order of ARCHITECTURE.md's topic table. */
  public static final List<TopicSpec<?>> ALL =
      List.of(
          PUMP_TELEMETRY,
          PUMP_TELEMETRY_DLQ,
          PUMP_FEATURES,
          PUMP_DRIFT_STATS,
          DATA_ARRIVED,
          DRIFT_DETECTED,
          TRAINING_RUNS,
          MODEL_REGISTERED,
          MODEL_PROMOTED,
          REGISTRY_LOG,
          EDGE_DEPLOYMENTS,
          EDGE_STATUS,
          PUMP_ANOMALIES,
          PUMP_ALARMS,
          DEAD_LETTERS);

  private Topics() {}

  /** The catalog entry for a topic name, if the name is one of ours. */
  public static Optional<TopicSpec<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
