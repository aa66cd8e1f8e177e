package io.pumpops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pumpops.schemas.PumpChannels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntheticPumpTest {

  private static final Instant START = Instant.parse("2026-03-09T10:00:00Z");

  private static List<SimulatedReading> run(List<Scenario> scenarios, int count) {
    SyntheticPump pump =
        new SyntheticPump(
            "site-1", "pump-1", START, Duration.ofSeconds(1), scenarios, 7, Optional.empty());
    List<SimulatedReading> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      readings.add(pump.next());
    }
    return readings;
  }

  private static double mean(List<SimulatedReading> readings, String channel, int from, int to) {
    return readings.subList(from, to).stream()
        .mapToDouble(r -> r.channels().get(channel))
        .average()
        .orElseThrow();
  }

  @Test
  void sameSeedGivesTheSameReadings() {
    assertThat(run(List.of(), 50)).isEqualTo(run(List.of(), 50));
  }

  @Test
  void readingsAreEverySecondWithIncreasingSequenceNumbersAndAllChannels() {
    List<SimulatedReading> readings = run(List.of(), 3);

    assertThat(readings).extracting(SimulatedReading::seq).containsExactly(0L, 1L, 2L);
    assertThat(readings.get(2).eventTime()).isEqualTo(START.plusSeconds(2));
    assertThat(readings.get(0).channels()).containsOnlyKeys(PumpChannels.UNITS.keySet());
  }

  @Test
  void healthyPumpStaysInsidePhysicalRangesNearItsOperatingPoint() {
    List<SimulatedReading> readings = run(List.of(), 3600);

    assertThat(mean(readings, PumpChannels.FLOW_RATE, 0, 3600)).isBetween(105.0, 135.0);
    assertThat(mean(readings, PumpChannels.PRESSURE, 0, 3600)).isBetween(1.0, 1.4);
    assertThat(mean(readings, PumpChannels.CURRENT, 0, 3600)).isBetween(1.5, 4.0);
    for (SimulatedReading r : readings) {
      assertThat(r.channels().values()).allSatisfy(v -> assertThat(v).isFinite());
      assertThat(r.channels().get(PumpChannels.VIBRATION_1)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void sensorOffsetShiftsOnlyPressureByExactlyItsMagnitudeFromItsStart() {
    List<SimulatedReading> clean = run(List.of(), 200);
    List<SimulatedReading> drifted =
        run(
            List.of(
                new Scenario(
                    "pump-1",
                    Scenario.Kind.SENSOR_OFFSET,
                    Duration.ofSeconds(100),
                    0.2,
                    Duration.ZERO)),
            200);

    assertThat(drifted.subList(0, 100)).isEqualTo(clean.subList(0, 100));
    for (int i = 100; i < 200; i++) {
      Map<String, Double> d = drifted.get(i).channels();
      Map<String, Double> c = clean.get(i).channels();
      assertThat(d.get(PumpChannels.PRESSURE) - c.get(PumpChannels.PRESSURE))
          .isCloseTo(0.2, within(1e-3));
      assertThat(d.get(PumpChannels.FLOW_RATE)).isEqualTo(c.get(PumpChannels.FLOW_RATE));
    }
  }

  @Test
  void sealLeakLowersDeliveredFlowByItsFraction() {
    List<SimulatedReading> clean = run(List.of(), 600);
    List<SimulatedReading> leaking =
        run(
            List.of(
                new Scenario(
                    "pump-1",
                    Scenario.Kind.SEAL_LEAK,
                    Duration.ofSeconds(100),
                    0.1,
                    Duration.ofSeconds(60))),
            600);

    double ratio =
        mean(leaking, PumpChannels.FLOW_RATE, 300, 600)
            / mean(clean, PumpChannels.FLOW_RATE, 300, 600);
    assertThat(ratio).isCloseTo(0.9, within(0.01));
  }

  @Test
  void bearingWearRaisesVibrationAndMotorTemperature() {
    List<SimulatedReading> worn =
        run(
            List.of(Scenario.of("pump-1", Scenario.Kind.BEARING_WEAR, Duration.ofMinutes(5))),
            2400);

    assertThat(mean(worn, PumpChannels.VIBRATION_1, 1800, 2400))
        .isGreaterThan(mean(worn, PumpChannels.VIBRATION_1, 0, 300) + 0.1);
    assertThat(mean(worn, PumpChannels.MOTOR_TEMPERATURE, 1800, 2400))
        .isGreaterThan(mean(worn, PumpChannels.MOTOR_TEMPERATURE, 0, 300) + 5);
  }

  @Test
  void cavitationLowersPressureAndMakesFlowNoisy() {
    List<SimulatedReading> cavitating =
        run(List.of(Scenario.of("pump-1", Scenario.Kind.CAVITATION, Duration.ofSeconds(300))), 900);

    assertThat(mean(cavitating, PumpChannels.PRESSURE, 400, 900))
        .isLessThan(mean(cavitating, PumpChannels.PRESSURE, 0, 300) * 0.85);
  }

  @Test
  void scenariosOfOtherPumpsDoNotApply() {
    assertThat(run(List.of(Scenario.of("pump-9", Scenario.Kind.SEAL_LEAK, Duration.ZERO)), 100))
        .isEqualTo(run(List.of(), 100));
  }
}
