package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pumpops.features.FeatureSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAggregateTest {

  private static final long T0 = 1_773_050_400_000L;

  @Test
  void featuresFollowTheSpecsOrderAndIncludeCrossChannelFeatures() {
    WindowAggregate w = new WindowAggregate(T0);
    w.add(T0, Map.of("flowRate", 120.0, "pressure", 1.2, "current", 2.4));
    w.add(T0 + 1000, Map.of("flowRate", 60.0, "pressure", 1.0, "current", 1.2));

    Map<String, Double> features = w.features(FeatureSpec.PUMP_V1);

    assertThat(features.keySet()).containsExactlyElementsOf(FeatureSpec.PUMP_V1.featureNames());
    assertThat(features.get("flowRate.mean")).isEqualTo(90.0);
    assertThat(features.get("flowRate.slope")).isEqualTo(-60.0);
    assertThat(features.get("flowRate.count")).isEqualTo(2.0);
    // 1.2 bar * 1e5 * 120 l/min / 60000 = 240 W; 1.0 * 1e5 * 60 / 60000 = 100 W.
    assertThat(features.get("hydraulicPower.mean")).isCloseTo(170.0, within(1e-9));
    assertThat(features.get("currentPerFlow.mean")).isCloseTo(0.02, within(1e-12));
    assertThat(features.get("voltage.count")).isZero();
    assertThat(features.get("voltage.mean")).isNaN();
  }

  @Test
  void panesWithDifferentOriginsMergeIntoTheWholeWindow() {
    WindowAggregate whole = new WindowAggregate(T0);
    WindowAggregate firstPane = new WindowAggregate(T0);
    WindowAggregate secondPane = new WindowAggregate(T0 + 30_000);
    for (int s = 0; s < 60; s++) {
      Map<String, Double> reading = Map.of("pressure", 1.0 + 0.01 * s + (s % 2) * 0.003);
      whole.add(T0 + s * 1000L, reading);
      (s < 30 ? firstPane : secondPane).add(T0 + s * 1000L, reading);
    }

    firstPane.merge(secondPane);

    Map<String, Double> expected = whole.features(FeatureSpec.PUMP_V1);
    Map<String, Double> actual = firstPane.features(FeatureSpec.PUMP_V1);
    assertThat(firstPane.readings()).isEqualTo(60);
    for (String name :
        List.of(
            "pressure.mean", "pressure.std", "pressure.slope", "pressure.last", "pressure.rms")) {
      assertThat(actual.get(name)).as(name).isCloseTo(expected.get(name), within(1e-12));
    }
  }

  @Test
  void anAggregateWithoutAnOriginGivesTheSameFeaturesWithinRounding() {
    WindowAggregate anchored = new WindowAggregate(T0);
    WindowAggregate lazy = new WindowAggregate();
    for (int s = 0; s < 60; s++) {
      Map<String, Double> reading = Map.of("current", 2.0 + 0.002 * s + (s % 3) * 0.01);
      anchored.add(T0 + 500 + s * 1000L, reading);
      lazy.add(T0 + 500 + s * 1000L, reading);
    }

    Map<String, Double> expected = anchored.features(FeatureSpec.PUMP_V1);
    lazy.features(FeatureSpec.PUMP_V1)
        .forEach(
            (name, value) -> {
              if (Double.isNaN(expected.get(name))) {
                assertThat(value).as(name).isNaN();
              } else {
                assertThat(value).as(name).isCloseTo(expected.get(name), within(1e-12));
              }
            });
  }

  @Test
  void bytesRoundTripToTheSameFeatures() {
    WindowAggregate w = new WindowAggregate(T0);
    w.add(T0 + 10, Map.of("flowRate", 100.0, "pressure", 1.1, "current", 2.0));
    w.add(T0 + 990, Map.of("flowRate", 101.0, "pressure", 1.2, "current", 2.1));

    WindowAggregate back = WindowAggregate.fromBytes(w.toBytes());

    assertThat(back.readings()).isEqualTo(2);
    assertThat(back.features(FeatureSpec.PUMP_V1)).isEqualTo(w.features(FeatureSpec.PUMP_V1));
    assertThat(back.toBytes()).isEqualTo(w.toBytes());
  }

  @Test
  void corruptBytesAreRefusedWithAClearError() {
    assertThatThrownBy(() -> WindowAggregate.fromBytes(new byte[] {9}))
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> WindowAggregate.fromBytes(new byte[] {1, 0}))
        .hasMessageContaining("truncated");
  }

  @Test
  void specFingerprintChangesWithTheDefinitionNotTheName() {
    FeatureSpec renamed =
        new FeatureSpec(
            "other-name",
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            FeatureSpec.PUMP_V1.channels(),
            FeatureSpec.PUMP_V1.statistics(),
            FeatureSpec.PUMP_V1.crossFeatures());
    FeatureSpec longer =
        new FeatureSpec(
            "pump-v1",
            Duration.ofMinutes(5),
            Duration.ofMinutes(1),
            FeatureSpec.PUMP_V1.channels(),
            FeatureSpec.PUMP_V1.statistics(),
            FeatureSpec.PUMP_V1.crossFeatures());

    assertThat(renamed.fingerprint()).isEqualTo(FeatureSpec.PUMP_V1.fingerprint());
    assertThat(longer.fingerprint()).isNotEqualTo(FeatureSpec.PUMP_V1.fingerprint());
    assertThatThrownBy(
            () ->
                new FeatureSpec(
                    "bad",
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(2),
                    List.of(),
                    List.of(),
                    List.of()))
        .hasMessageContaining("hop");
  }
}
