package io.pumpops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void parsesPumpKindStartAndMagnitude() {
    Scenario s = Scenario.parse("pump-2:sensor-offset:PT5M:0.3");

    assertThat(s.pumpId()).isEqualTo("pump-2");
    assertThat(s.kind()).isEqualTo(Scenario.Kind.SENSOR_OFFSET);
    assertThat(s.after()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.magnitude()).isEqualTo(0.3);
  }

  @Test
  void defaultsTheMagnitudeAndAcceptsSeconds() {
    Scenario s = Scenario.parse("pump-1:SEAL_LEAK:90");

    assertThat(s.after()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.magnitude()).isEqualTo(0.12);
  }

  @Test
  void rejectsUnknownKindsNamingThem() {
    assertThatThrownBy(() -> Scenario.parse("pump-1:GREMLINS:PT1M"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GREMLINS");
    assertThatThrownBy(() -> Scenario.parse("pump-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pumpId:KIND:after");
  }

  @Test
  void levelRisesFromZeroToOneOverTheRamp() {
    Scenario s =
        new Scenario(
            "p", Scenario.Kind.BEARING_WEAR, Duration.ofSeconds(10), 1, Duration.ofSeconds(20));

    assertThat(s.level(Duration.ofSeconds(5))).isZero();
    assertThat(s.level(Duration.ofSeconds(20))).isEqualTo(0.5);
    assertThat(s.level(Duration.ofSeconds(60))).isEqualTo(1.0);
  }
}
