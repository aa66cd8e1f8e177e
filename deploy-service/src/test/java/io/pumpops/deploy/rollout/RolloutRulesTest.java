package io.pumpops.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutRulesTest {

  private static final HealthPolicy POLICY =
      new HealthPolicy(Duration.ofMinutes(2), 0.05, 3.0, 0.5, 10);
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void ringsAreCanariesThenAShareThenTheRestAndStable() {
    RingPlan plan = new RingPlan(List.of(), 1, 50);
    List<String> fleet = List.of("gw-d", "gw-a", "gw-c", "gw-b", "gw-e", "gw-f");
    assertThat(plan.rings(fleet))
        .containsExactly(List.of("gw-a"), List.of("gw-b", "gw-c"), List.of("gw-d", "gw-e", "gw-f"));
    assertThat(new RingPlan(List.of("gw-e"), 1, 50).rings(fleet).get(0)).containsExactly("gw-e");
    assertThat(plan.rings(List.of("gw-only"))).containsExactly(List.of("gw-only"));
  }

  @Test
  void aGatewayIsHealthyAfterTheBakeTimeRunningThePackage() {
    HealthPolicy.Tally tally = new HealthPolicy.Tally();
    assertThat(POLICY.judge(status("other", 0, 0), "pkg", tally, Optional.empty(), T0))
        .isInstanceOf(HealthPolicy.Verdict.Waiting.class);
    assertThat(
            POLICY.judge(status("pkg", 20, 1), "pkg", tally, Optional.empty(), T0.plusSeconds(10)))
        .isInstanceOf(HealthPolicy.Verdict.Baking.class);
    assertThat(
            POLICY.judge(status("pkg", 20, 1), "pkg", tally, Optional.empty(), T0.plusSeconds(130)))
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
  }

  @Test
  void theBakeTimeAloneIsNotEnoughTheGatewayMustHaveScoredEnoughWindows() {
    // Past the bake time with 6 windows of the 10 the anomaly rate needs: still baking; then the
    // windows come, and with them the verdict: healthy, or failed when they are anomalies.
    assertThat(verdicts(0, 0, 0))
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Baking", "Baking", "Healthy");
    assertThat(verdicts(2, 2, 4))
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly("Baking", "Baking", "Failed");
  }

  /**
   * Heartbeats of 3, 3 and 4 windows at 0, 130 and 140 s, with these anomalies; bake time 120 s.
   */
  private static List<HealthPolicy.Verdict> verdicts(long a1, long a2, long a3) {
    HealthPolicy.Tally tally = new HealthPolicy.Tally();
    return List.of(
        POLICY.judge(status("pkg", 3, a1), "pkg", tally, Optional.empty(), T0),
        POLICY.judge(status("pkg", 3, a2), "pkg", tally, Optional.empty(), T0.plusSeconds(130)),
        POLICY.judge(status("pkg", 4, a3), "pkg", tally, Optional.empty(), T0.plusSeconds(140)));
  }

  @Test
  void refusalAnomalyExplosionErrorsAndSlownessFailTheGateway() {
    EdgeStatus refused =
        EdgeStatus.newBuilder(status("old", 0, 0))
            .setFailedPackageSha256("pkg")
            .setLastError("BAD_SIGNATURE")
            .build();
    assertThat(POLICY.judge(refused, "pkg", new HealthPolicy.Tally(), Optional.empty(), T0))
        .isInstanceOfSatisfying(
            HealthPolicy.Verdict.Failed.class,
            f -> assertThat(f.reason()).contains("BAD_SIGNATURE"));

    assertThat(
            POLICY.judge(
                status("pkg", 12, 11), "pkg", new HealthPolicy.Tally(), Optional.empty(), T0))
        .isInstanceOfSatisfying(
            HealthPolicy.Verdict.Failed.class,
            f -> assertThat(f.reason()).contains("anomaly rate"));
    assertThat(
            POLICY.judge(
                status("pkg", 4, 4), "pkg", new HealthPolicy.Tally(), Optional.empty(), T0))
        .as("too few windows to judge a rate")
        .isInstanceOf(HealthPolicy.Verdict.Baking.class);

    EdgeStatus erring = EdgeStatus.newBuilder(status("pkg", 10, 0)).setErrorsSinceLast(5).build();
    assertThat(POLICY.judge(erring, "pkg", new HealthPolicy.Tally(), Optional.empty(), T0))
        .isInstanceOfSatisfying(
            HealthPolicy.Verdict.Failed.class, f -> assertThat(f.reason()).contains("error rate"));

    assertThat(latencyVerdict(0.5, 9.0, 9.0, 9.0, 9.0, 9.0))
        .isInstanceOfSatisfying(
            HealthPolicy.Verdict.Failed.class, f -> assertThat(f.reason()).contains("latency"));
    assertThat(latencyVerdict(0.5, 30.0, 6.3, 0.6, 0.5, 0.6))
        .as("the first two heartbeats after the swap are its cold start: not judged")
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
    assertThat(latencyVerdict(0.5, 0.6, 0.6, 0.5, 25.0, 0.6))
        .as("one pause is not a regression")
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
    assertThat(latencyVerdict(0.5, 30.0, 5.5, 5.5, 5.5, 0.6, 0.6, 0.6, 0.6, 0.6))
        .as("a cold start of a few heartbeats is outvoted by the bake's warm ones")
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
    assertThat(latencyVerdict(0.2, 0.9, 0.9, 0.9, 0.9, 0.9))
        .as("sub-millisecond differences are noise")
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
    assertThat(latencyVerdict(0.53, 30.0, 6.33, 6.33, 9.0))
        .as("too few warm heartbeats in the bake: latency not judged (CI, 2026-12-02)")
        .isInstanceOf(HealthPolicy.Verdict.Healthy.class);
  }

  /**
   * The verdict after heartbeats with these p99s, a second apart and the last past the bake time
   * (when latency is judged), against the previous model's p99.
   */
  private static HealthPolicy.Verdict latencyVerdict(double baseline, double... p99s) {
    HealthPolicy.Tally tally = new HealthPolicy.Tally();
    HealthPolicy.Verdict verdict = null;
    for (int i = 0; i < p99s.length; i++) {
      verdict =
          POLICY.judge(
              EdgeStatus.newBuilder(status("pkg", 10, 0)).setLatencyP99Millis(p99s[i]).build(),
              "pkg",
              tally,
              Optional.of(baseline),
              i == p99s.length - 1 ? T0.plus(POLICY.bakeTime()).plusSeconds(1) : T0.plusSeconds(i));
      if (i < p99s.length - 1) {
        assertThat(verdict)
            .as("latency is judged at the end of the bake")
            .isInstanceOf(HealthPolicy.Verdict.Baking.class);
      }
    }
    return verdict;
  }

  private static EdgeStatus status(String runningSha, long scored, long anomalies) {
    return EdgeStatus.newBuilder()
        .setEventId("e")
        .setEventTime(T0)
        .setGatewayId("gw-1")
        .setSiteId("s")
        .setHardwareClass("x86-64-standard")
        .setOnnxRuntimeVersion("1.29.0")
        .setModelSha256(runningSha)
        .setScoredSinceLast(scored)
        .setAnomaliesSinceLast(anomalies)
        .build();
  }
}
