package io.pumpops.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmSeverity;
import io.pumpops.schemas.avro.AlarmState;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private final MutableClock clock = new MutableClock();
  private final List<DashboardState.Update> updates = new ArrayList<>();
  private final DashboardState state =
      new DashboardState(
          clock, Duration.ofMillis(500), List.of(DriftThreshold.parse("psi:0.2")), updates::add);

  @Test
  void sensorPointsAreThinnedPerPumpByWallClock() {
    state.apply(reading("pump-1", 1));
    state.apply(reading("pump-1", 2)); // same instant: dropped
    state.apply(reading("pump-2", 1)); // another pump: kept
    clock.advance(Duration.ofMillis(500));
    state.apply(reading("pump-1", 3));

    JsonNode pumps = state.snapshot().get("pumps");
    assertThat(pumps.get("pump-1").get("sensors")).hasSize(2);
    assertThat(pumps.get("pump-2").get("sensors")).hasSize(1);
    assertThat(updates)
        .extracting(DashboardState.Update::kind)
        .containsExactly("reading", "reading", "reading");
  }

  @Test
  void aPromotionMovesTheAliasAndIsLogged() {
    state.apply(registered(1));
    state.apply(promoted(1, null));
    state.apply(registered(2));
    state.apply(promoted(2, 1));

    JsonNode models = state.snapshot().get("models");
    assertThat(models).hasSize(2);
    assertThat(models.get(0).get("aliases")).isEmpty();
    assertThat(models.get(1).get("aliases").get(0).asText()).isEqualTo("champion");
    assertThat(models.get(1).get("lineage").get("runId").asText()).isEqualTo("run-2");
    assertThat(state.snapshot().get("events").get(0).get("summary").asText())
        .isEqualTo("pump-anomaly v2 is champion (was v1) by training-service: better");
  }

  @Test
  void updatesCarryIncreasingSequenceNumbersThatTheSnapshotContinues() {
    state.apply(registered(1));
    state.apply(anomaly("pump-1", 3.5));

    assertThat(updates)
        .extracting(u -> u.data().get("sequence").asLong())
        .containsExactly(1L, 2L, 3L); // model, event, anomaly
    assertThat(state.snapshot().get("sequence").asLong()).isEqualTo(3);
    assertThat(
            state
                .snapshot()
                .get("pumps")
                .get("pump-1")
                .get("scores")
                .get(0)
                .get("score")
                .asDouble())
        .isEqualTo(3.5);
    assertThat(
            state
                .snapshot()
                .get("pumps")
                .get("pump-1")
                .get("scores")
                .get(0)
                .get("threshold")
                .asDouble())
        .isEqualTo(1.0);
  }

  @Test
  void anAlarmKeepsItsLatestStateOpenOnesFirstAndALateCopyNeverReopensIt() {
    state.apply(alarm("pump-1", "a1", AlarmState.OPENED));
    state.apply(alarm("pump-2", "a2", AlarmState.OPENED));
    state.apply(alarm("pump-1", "a1", AlarmState.CLOSED));
    state.apply(alarm("pump-1", "a1", AlarmState.OPENED)); // redelivered late

    JsonNode alarms = state.snapshot().get("alarms");
    assertThat(alarms).hasSize(2);
    assertThat(alarms.get(0).get("alarmId").asText()).isEqualTo("a2");
    assertThat(alarms.get(1).get("state").asText()).isEqualTo("CLOSED");
    assertThat(updates).filteredOn(u -> u.kind().equals("alarm")).hasSize(3);
    assertThat(state.snapshot().get("events").get(0).get("summary").asText())
        .contains("pump-1 CLOSED");
  }

  private static AlarmEvent alarm(String pump, String id, AlarmState alarmState) {
    return AlarmEvent.newBuilder()
        .setEventId(id + alarmState)
        .setEventTime(T0)
        .setAlarmId(id)
        .setState(alarmState)
        .setSeverity(AlarmSeverity.WARNING)
        .setPumpId(pump)
        .setSiteId("site-a")
        .setGatewayId("gw-1")
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setOpenedAt(T0)
        .setLastWindowEnd(T0.plusSeconds(180))
        .setPeakScore(2.0)
        .setLastScore(1.5)
        .setThreshold(1.0)
        .setAnomalousWindows(3)
        .setReason("r")
        .build();
  }

  @Test
  void fleetDriftKeepsTheLatestWindowPerFeatureAndIgnoresPerPumpStatistics() {
    state.apply(drift("flow_mean", null, T0.plusSeconds(3600), 0.3));
    state.apply(drift("flow_mean", null, T0, 0.1)); // older window, replayed late
    state.apply(drift("flow_mean", "pump-1", T0.plusSeconds(7200), 0.9));

    JsonNode drift = state.snapshot().get("drift");
    assertThat(drift).hasSize(1);
    assertThat(drift.get(0).get("psi").asDouble()).isEqualTo(0.3);
    assertThat(state.snapshot().get("driftThresholds").get(0).get("threshold").asDouble())
        .isEqualTo(0.2);
  }

  @Test
  void deploymentsBuildTheRolloutPerGateway() {
    state.apply(deployment("gw-a", 0, DeploymentStatus.PENDING));
    state.apply(deployment("gw-a", 0, DeploymentStatus.HEALTHY));
    state.apply(deployment("gw-b", 1, DeploymentStatus.PENDING));

    JsonNode rollout = state.snapshot().get("rollouts").get(0);
    assertThat(rollout.get("gateways").get("gw-a").get("status").asText()).isEqualTo("HEALTHY");
    assertThat(rollout.get("gateways").get("gw-b").get("ring").asInt()).isEqualTo(1);
    assertThat(state.snapshot().get("events")).hasSize(3);
  }

  @Test
  void aBadThresholdSaysWhatIsExpected() {
    assertThatThrownBy(() -> DriftThreshold.parse("psi"))
        .hasMessageContaining("statistic:threshold");
    assertThatThrownBy(() -> DriftThreshold.parse("psi:high")).hasMessageContaining("not a number");
  }

  private PumpReading reading(String pump, long seq) {
    return PumpReading.newBuilder()
        .setPumpId(pump)
        .setSiteId("site-a")
        .setEventTime(T0.plusSeconds(seq))
        .setIngestTime(T0.plusSeconds(seq))
        .setSeq(seq)
        .setChannels(Map.of("pressure", 2.0 + seq, "flow", Double.NaN))
        .setUnits(Map.of())
        .build();
  }

  private static ModelRegistered registered(int version) {
    return ModelRegistered.newBuilder()
        .setEventId("r" + version)
        .setEventTime(T0)
        .setModelName("pump-anomaly")
        .setVersion(version)
        .setArtifactSha256("sha" + version)
        .setMetrics(Map.of("holdout_far", 0.01))
        .setRegisteredBy("training-service")
        .setLineage(
            Lineage.newBuilder()
                .setDatasetRanges(List.of())
                .setDataFingerprint("fp")
                .setFeatureSpecVersion("v1")
                .setTrainingConfig(Map.of())
                .setSeed(7)
                .setCodeVersion("dev")
                .setRunId("run-" + version)
                .build())
        .build();
  }

  private static ModelPromoted promoted(int version, Integer previous) {
    return ModelPromoted.newBuilder()
        .setEventId("p" + version)
        .setEventTime(T0)
        .setModelName("pump-anomaly")
        .setAlias("champion")
        .setVersion(version)
        .setPreviousVersion(previous)
        .setArtifactSha256("sha" + version)
        .setFeatureSpecVersion("v1")
        .setActor("training-service")
        .setReason("better")
        .build();
  }

  private static AnomalyEvent anomaly(String pump, double score) {
    return AnomalyEvent.newBuilder()
        .setEventId("a")
        .setEventTime(T0)
        .setPumpId(pump)
        .setSiteId("site-a")
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(60))
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setFeatureSpecVersion("v1")
        .setScore(score)
        .setThreshold(1.0)
        .setStatistics(Map.of())
        .build();
  }

  private static DriftStatistics drift(String feature, String pump, Instant windowEnd, double psi) {
    return DriftStatistics.newBuilder()
        .setEventId("d")
        .setEventTime(windowEnd)
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setFeatureName(feature)
        .setPumpId(pump)
        .setWindowStart(windowEnd.minusSeconds(3600))
        .setWindowEnd(windowEnd)
        .setFeatureSpecVersion("v1")
        .setSampleSize(100)
        .setReferenceSize(1000)
        .setPsi(psi)
        .setDataRanges(List.of())
        .build();
  }

  private static Deployment deployment(String gateway, int ring, DeploymentStatus status) {
    return Deployment.newBuilder()
        .setEventId("e")
        .setEventTime(T0)
        .setRolloutId("r-1")
        .setGatewayId(gateway)
        .setModelName("pump-anomaly")
        .setModelVersion(2)
        .setPreviousVersion(1)
        .setPackageSha256("ab")
        .setPackageUrl("http://x")
        .setSignature("s")
        .setRing(ring)
        .setStatus(status)
        .build();
  }

  private static final class MutableClock extends Clock {
    private Instant now = T0;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
