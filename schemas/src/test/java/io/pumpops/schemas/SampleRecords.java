package io.pumpops.schemas;

import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.DriftedFeature;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RegistryAction;
import io.pumpops.schemas.avro.RegistryEntry;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.avro.RejectionSource;
import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated, valid record of every topic's value type, for tests. */
public final class SampleRecords {

  public static final Instant T0 = Instant.parse("2026-03-09T10:00:00Z");

  private SampleRecords() {}

  public static PumpReading pumpReading(String pumpId, long seq) {
    return PumpReading.newBuilder()
        .setPumpId(pumpId)
        .setSiteId("site-1")
        .setManufacturer("Grundfos")
        .setModel("CR 10-5")
        .setEventTime(T0.plusSeconds(seq))
        .setIngestTime(T0.plusSeconds(seq).plusMillis(40))
        .setSeq(seq)
        .setChannels(
            Map.of("flowRate", 32.1, "pressure", 0.25, "current", 2.1, "motorTemperature", 71.5))
        .setUnits(
            Map.of(
                "flowRate", "l/min", "pressure", "bar", "current", "A", "motorTemperature", "degC"))
        .build();
  }

  public static OffsetRange range() {
    return new OffsetRange(Topics.PUMP_TELEMETRY.name(), 2, 100L, 250L, 150L);
  }

  public static Lineage lineage() {
    return Lineage.newBuilder()
        .setDatasetRanges(List.of(range()))
        .setDataFingerprint("ab".repeat(32))
        .setFeatureSpecVersion("fs-1")
        .setTrainingConfig(Map.of("family", "pca", "components", "3"))
        .setSeed(42L)
        .setCodeVersion("0123456789abcdef")
        .setRunId("run-1")
        .setParentRunId(null)
        .build();
  }

  /** A sample value for every topic in the catalog, keyed by the topic. */
  public static Map<TopicSpec<?>, SpecificRecord> oneForEveryTopic() {
    return Map.ofEntries(
        Map.entry(Topics.PUMP_TELEMETRY, pumpReading("pump-7", 1)),
        Map.entry(
            Topics.PUMP_TELEMETRY_DLQ,
            RejectedReading.newBuilder()
                .setEventId("e-1")
                .setEventTime(T0)
                .setSourceTopic("pumps/site-1/pump-7/telemetry")
                .setSource(RejectionSource.MQTT)
                .setPumpId("pump-7")
                .setReason(RejectionReason.NOT_FINITE)
                .setMessage("channel pressure is NaN")
                .setBatchIndex(3)
                .setPayload(
                    ByteBuffer.wrap(
                        "{\"readings\":{\"pressure\":NaN}}".getBytes(StandardCharsets.UTF_8)))
                .build()),
        Map.entry(
            Topics.PUMP_FEATURES,
            PumpFeatures.newBuilder()
                .setEventId("pump-7/1/fs-1")
                .setEventTime(T0)
                .setPumpId("pump-7")
                .setSiteId("site-1")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(60))
                .setFeatureSpecVersion("fs-1")
                .setReadingCount(60)
                .setFeatures(Map.of("pressure.mean", 0.25, "pressure.std", 0.01))
                .build()),
        Map.entry(
            Topics.PUMP_DRIFT_STATS,
            DriftStatistics.newBuilder()
                .setEventId("d-1")
                .setEventTime(T0)
                .setModelName("pump-pca")
                .setModelVersion(3)
                .setFeatureName("pressure.mean")
                .setPumpId(null)
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(600))
                .setFeatureSpecVersion("fs-1")
                .setSampleSize(120)
                .setReferenceSize(5000)
                .setPsi(0.31)
                .setKsStatistic(0.4)
                .setKsPValue(1e-6)
                .setWasserstein(0.5)
                .setJensenShannon(0.2)
                .setDataRanges(List.of(range()))
                .build()),
        Map.entry(
            Topics.DATA_ARRIVED,
            DataArrived.newBuilder()
                .setEventId("a-1")
                .setEventTime(T0)
                .setDataset("pump.telemetry")
                .setRanges(List.of(range()))
                .setRecordCount(150)
                .setFirstEventTime(T0)
                .setLastEventTime(T0.plusSeconds(150))
                .build()),
        Map.entry(
            Topics.DRIFT_DETECTED,
            DriftDetected.newBuilder()
                .setEventId("dd-1")
                .setEventTime(T0)
                .setModelName("pump-pca")
                .setModelVersion(3)
                .setFeatures(List.of(new DriftedFeature("pressure.mean", "psi", 0.31, 0.2, 3)))
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(1800))
                .setDataRanges(List.of(range()))
                .setPolicy("psi>=0.2 for 3 windows, >=1 feature")
                .build()),
        Map.entry(
            Topics.TRAINING_RUNS,
            TrainingRun.newBuilder()
                .setEventId("run-1/train/SUCCEEDED")
                .setEventTime(T0)
                .setRunId("run-1")
                .setModelName("pump-pca")
                .setTrigger(TrainingTrigger.DRIFT_DETECTED)
                .setTriggerEventId("dd-1")
                .setStep("train")
                .setStatus(StepStatus.SUCCEEDED)
                .setParameters(Map.of("components", "3"))
                .setMetrics(Map.of("explainedVariance", 0.93))
                .setDurationMillis(1234L)
                .build()),
        Map.entry(
            Topics.MODEL_REGISTERED,
            ModelRegistered.newBuilder()
                .setEventId("pump-pca/4")
                .setEventTime(T0)
                .setModelName("pump-pca")
                .setVersion(4)
                .setArtifactSha256("cd".repeat(32))
                .setMetrics(Map.of("f1", 0.7))
                .setLineage(lineage())
                .setRegisteredBy("training-service")
                .build()),
        Map.entry(
            Topics.MODEL_PROMOTED,
            ModelPromoted.newBuilder()
                .setEventId("p-1")
                .setEventTime(T0)
                .setModelName("pump-pca")
                .setAlias("champion")
                .setVersion(4)
                .setPreviousVersion(3)
                .setArtifactSha256("cd".repeat(32))
                .setFeatureSpecVersion("fs-1")
                .setReferenceProfileJson("{\"features\":{}}")
                .setReferenceProfileSha256(null)
                .setActor("policy")
                .setReason("gate passed: f1 +0.05")
                .build()),
        Map.entry(
            Topics.REGISTRY_LOG,
            RegistryEntry.newBuilder()
                .setEventId("r-1")
                .setEventTime(T0)
                .setSequence(7L)
                .setModelName("pump-pca")
                .setAction(RegistryAction.VERSION_REGISTERED)
                .setVersion(4)
                .setAlias(null)
                .setArtifactSha256("cd".repeat(32))
                .setMetrics(Map.of("f1", 0.7))
                .setLineage(lineage())
                .setDetails(Map.of("description", "retrained after drift"))
                .setActor("training-service")
                .setReason("drift")
                .setPreviousHash("0".repeat(64))
                .setEntryHash("ef".repeat(32))
                .build()),
        Map.entry(
            Topics.EDGE_DEPLOYMENTS,
            Deployment.newBuilder()
                .setEventId("dep-1")
                .setEventTime(T0)
                .setRolloutId("ro-1")
                .setGatewayId("gw-1")
                .setModelName("pump-pca")
                .setModelVersion(4)
                .setPreviousVersion(3)
                .setPackageSha256("12".repeat(32))
                .setPackageUrl("http://deploy:8080/packages/" + "12".repeat(32))
                .setSignature("c2ln")
                .setRing(0)
                .setStatus(DeploymentStatus.DELIVERED)
                .setMessage(null)
                .build()),
        Map.entry(
            Topics.EDGE_STATUS,
            EdgeStatus.newBuilder()
                .setEventId("s-1")
                .setEventTime(T0)
                .setGatewayId("gw-1")
                .setSiteId("site-1")
                .setHardwareClass("x86-64-standard")
                .setOnnxRuntimeVersion("1.20.0")
                .setCapabilities(List.of("store-and-forward"))
                .setModelName("pump-pca")
                .setModelVersion(4)
                .setModelSha256("12".repeat(32))
                .setLatencyP50Millis(0.2)
                .setLatencyP99Millis(1.1)
                .setScoredSinceLast(10L)
                .setAnomaliesSinceLast(1L)
                .setBufferDepth(0L)
                .setBufferBytes(0L)
                .setUplinkConnected(true)
                .setLastError(null)
                .build()),
        Map.entry(
            Topics.PUMP_ANOMALIES,
            AnomalyEvent.newBuilder()
                .setEventId("gw-1/pump-7/1/4")
                .setEventTime(T0)
                .setPumpId("pump-7")
                .setSiteId("site-1")
                .setGatewayId("gw-1")
                .setWindowStart(T0)
                .setWindowEnd(T0.plusSeconds(60))
                .setModelName("pump-pca")
                .setModelVersion(4)
                .setFeatureSpecVersion("fs-1")
                .setScore(1.8)
                .setThreshold(1.0)
                .setStatistics(Map.of("t2", 12.0, "q", 3.4))
                .build()),
        Map.entry(
            Topics.PUMP_ALARMS,
            io.pumpops.schemas.avro.AlarmEvent.newBuilder()
                .setEventId("gw-1/pump-7/1/4/OPENED/3")
                .setEventTime(T0)
                .setAlarmId("gw-1/pump-7/1/4")
                .setState(io.pumpops.schemas.avro.AlarmState.OPENED)
                .setSeverity(io.pumpops.schemas.avro.AlarmSeverity.WARNING)
                .setPumpId("pump-7")
                .setSiteId("site-1")
                .setGatewayId("gw-1")
                .setModelName("pump-pca")
                .setModelVersion(4)
                .setOpenedAt(T0)
                .setLastWindowEnd(T0.plusSeconds(180))
                .setPeakScore(2.5)
                .setLastScore(1.8)
                .setThreshold(1.0)
                .setAnomalousWindows(3)
                .setContributors(
                    List.of(new io.pumpops.schemas.avro.AlarmContributor("pressure.mean", 6.2)))
                .setReason("3 of the last 5 windows anomalous")
                .build()),
        Map.entry(
            Topics.DEAD_LETTERS,
            RejectedReading.newBuilder()
                .setEventId("d-1")
                .setEventTime(T0)
                .setSourceTopic("pump.telemetry")
                .setSource(RejectionSource.KAFKA)
                .setPumpId("pump-7")
                .setReason(RejectionReason.UNDECODABLE)
                .setMessage("unknown magic byte 0x7b")
                .setPayload(ByteBuffer.wrap("{\"ts\":".getBytes(StandardCharsets.UTF_8)))
                .setPayloadSize(6L)
                .setSourcePartition(2)
                .setSourceOffset(41L)
                .setService("feature-stream")
                .build()));
  }
}
