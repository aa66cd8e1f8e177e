package io.pumpops.simulator;

import io.pumpops.schemas.PumpChannels;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A centrifugal pump whose channels are physically coupled, so that a fault shows up the way it
 * would in the field: flow sets pressure through the pump curve, hydraulic power and efficiency set
 * motor current, current heats the motor, wear shakes the bearings.
 *
 * <ul>
 *   <li>flow Q = Q₀ · demand · (1 − leak); demand wanders around 1 as an Ornstein-Uhlenbeck process
 *       (five-minute time constant, standard deviation 0.04), so an hour of a healthy pump covers
 *       its usual operating range, as a day of a real duty pump does;
 *   <li>pressure P = P_shut − k·Q² (the pump curve), less the cavitation loss;
 *   <li>hydraulic power W = P·Q; electric power = W / η + losses; current I = electric power / (V ·
 *       pf);
 *   <li>motor temperature follows ambient + I²-heating with a first-order lag (two minutes);
 *   <li>vibration RMS = base + bearing wear + cavitation noise.
 * </ul>
 *
 * Deterministic for a seed: the same seed, start and scenarios give the same readings.
 */
public final class SyntheticPump implements PumpSource {

  private static final double NOMINAL_FLOW = 120.0; // l/min
  private static final double SHUT_OFF_PRESSURE = 2.0; // bar
  private static final double PRESSURE_AT_NOMINAL = 1.2; // bar
  private static final double CURVE_K =
      (SHUT_OFF_PRESSURE - PRESSURE_AT_NOMINAL) / (NOMINAL_FLOW * NOMINAL_FLOW);
  private static final double EFFICIENCY = 0.6;
  private static final double LOSSES_WATTS = 100;
  private static final double POWER_FACTOR = 0.85;
  private static final double THERMAL_LAG_SECONDS = 120;
  private static final double DEMAND_TIME_CONSTANT_SECONDS = 300;
  private static final double DEMAND_STD = 0.04;

  private final String siteId;
  private final String pumpId;
  private final Instant start;
  private final Duration interval;
  private final List<Scenario> scenarios;
  private final Random random;
  private final Optional<Instant> end;
  private long seq;
  private double demand = 1.0;
  private double motorTemperature = Double.NaN;

  /**
   * @param interval time between readings
   * @param scenarios faults and drifts of this pump
   * @param end no readings at or after this time; empty for an endless pump
   */
  public SyntheticPump(
      String siteId,
      String pumpId,
      Instant start,
      Duration interval,
      List<Scenario> scenarios,
      long seed,
      Optional<Instant> end) {
    this.siteId = siteId;
    this.pumpId = pumpId;
    this.start = start;
    this.interval = interval;
    this.scenarios = scenarios.stream().filter(s -> s.appliesTo(pumpId)).toList();
    this.random = new Random(seed ^ pumpId.hashCode());
    this.end = end;
  }

  @Override
  public String pumpId() {
    return pumpId;
  }

  @Override
  public Optional<Instant> nextTime() {
    Instant next = start.plus(interval.multipliedBy(seq));
    return end.isPresent() && !next.isBefore(end.get()) ? Optional.empty() : Optional.of(next);
  }

  @Override
  public SimulatedReading next() {
    Instant time = start.plus(interval.multipliedBy(seq));
    Duration since = Duration.between(start, time);
    double wear = amount(Scenario.Kind.BEARING_WEAR, since); // g RMS added
    double wearFraction = fraction(Scenario.Kind.BEARING_WEAR, since);
    double cavitation = amount(Scenario.Kind.CAVITATION, since); // fraction of pressure lost
    double cavitationFraction = fraction(Scenario.Kind.CAVITATION, since);
    double leak = amount(Scenario.Kind.SEAL_LEAK, since); // fraction of flow lost
    double offset = amount(Scenario.Kind.SENSOR_OFFSET, since); // bar
    double degradation =
        amount(Scenario.Kind.SLOW_DEGRADATION, since); // fraction of efficiency lost
    double seasonalAmplitude = amount(Scenario.Kind.SEASONAL_TEMPERATURE, since); // degC

    double step = interval.toMillis() / 1000.0;
    demand +=
        (1 - demand) * Math.min(1, step / DEMAND_TIME_CONSTANT_SECONDS)
            + random.nextGaussian()
                * DEMAND_STD
                * Math.sqrt(2 * Math.min(1, step / DEMAND_TIME_CONSTANT_SECONDS));
    demand = Math.max(0.8, Math.min(1.2, demand));
    double flow =
        NOMINAL_FLOW * demand * (1 - leak) * (1 - 0.3 * cavitation)
            + noise(0.6 + 3 * cavitationFraction);
    double pumped = NOMINAL_FLOW * demand;
    double pressure =
        (SHUT_OFF_PRESSURE - CURVE_K * pumped * pumped) * (1 - cavitation)
            + noise(0.01 + 0.05 * cavitationFraction);
    double hydraulicWatts = Math.max(0, pressure) * 1e5 * pumped / 60_000.0;
    double voltage = 230 + noise(1.5);
    double efficiency = EFFICIENCY * (1 - degradation);
    double current =
        (hydraulicWatts / efficiency + LOSSES_WATTS + 40 * wearFraction) / (voltage * POWER_FACTOR)
            + noise(0.02);
    double hours = since.toMillis() / 3_600_000.0;
    double ambient = 25 + seasonalAmplitude * Math.sin(2 * Math.PI * hours);
    double targetMotorTemperature = ambient + 20 + 8 * current * current / 6.25 + 12 * wearFraction;
    motorTemperature =
        Double.isNaN(motorTemperature)
            ? targetMotorTemperature
            : motorTemperature
                + (targetMotorTemperature - motorTemperature)
                    * Math.min(1, step / THERMAL_LAG_SECONDS);
    double fluidTemperature = ambient - 3 + 0.002 * hydraulicWatts + noise(0.05);
    double vibration1 =
        0.03 + wear + cavitationFraction * Math.abs(noise(0.05)) + Math.abs(noise(0.002));
    double vibration2 =
        0.04 + 0.8 * wear + cavitationFraction * Math.abs(noise(0.06)) + Math.abs(noise(0.002));

    Map<String, Double> channels = new HashMap<>();
    channels.put(PumpChannels.FLOW_RATE, round(Math.max(0, flow), 3));
    channels.put(PumpChannels.PRESSURE, round(pressure + offset, 4));
    channels.put(PumpChannels.CURRENT, round(current, 4));
    channels.put(PumpChannels.VOLTAGE, round(voltage, 3));
    channels.put(PumpChannels.MOTOR_TEMPERATURE, round(motorTemperature + noise(0.05), 3));
    channels.put(PumpChannels.FLUID_TEMPERATURE, round(fluidTemperature, 3));
    channels.put(PumpChannels.VIBRATION_1, round(vibration1, 5));
    channels.put(PumpChannels.VIBRATION_2, round(vibration2, 5));
    return new SimulatedReading(siteId, pumpId, time, seq++, channels);
  }

  /** How far the pump's scenarios of a kind have developed, 0 to 1. */
  private double fraction(Scenario.Kind kind, Duration since) {
    return scenarios.stream()
        .filter(s -> s.kind() == kind)
        .mapToDouble(s -> s.level(since))
        .max()
        .orElse(0);
  }

  /** The scenarios' effect in the kind's own unit: how far developed times magnitude. */
  private double amount(Scenario.Kind kind, Duration since) {
    return scenarios.stream()
        .filter(s -> s.kind() == kind)
        .mapToDouble(s -> s.level(since) * s.magnitude())
        .max()
        .orElse(0);
  }

  private double noise(double sigma) {
    return random.nextGaussian() * sigma;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
