package io.pumpops.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * Something that happens to a synthetic pump at a known time: a fault (an anomaly the model should
 * flag) or a drift (the data moves, the pump is fine: the model should be retrained).
 *
 * @param pumpId the pump it happens to, or {@code *} for every pump (a fleet-wide drift such as a
 *     firmware update that recalibrates every pressure sensor)
 * @param kind what happens
 * @param after when, measured from the start of the simulation
 * @param magnitude how much, in the kind's own unit (see {@link Kind}); NaN takes the kind's
 *     default
 * @param ramp how long it takes to reach full magnitude (zero: a step)
 */
public record Scenario(String pumpId, Kind kind, Duration after, double magnitude, Duration ramp) {

  /** The injectable faults and drifts, with the unit and default of their magnitude. */
  public enum Kind {
    /** Fault: bearing wear; vibration (g RMS added at full wear) and motor heat rise. */
    BEARING_WEAR(true, 0.15, Duration.ofMinutes(10)),
    /** Fault: cavitation; fraction of pressure lost, with noisy vibration and flow. */
    CAVITATION(true, 0.25, Duration.ofSeconds(30)),
    /** Fault: seal leak; fraction of the flow lost through the seal. */
    SEAL_LEAK(true, 0.12, Duration.ofMinutes(2)),
    /** Drift: the pressure sensor reads this many bar too high, from one moment on. */
    SENSOR_OFFSET(false, 0.15, Duration.ZERO),
    /** Drift: ambient temperature swings by this many degC (one cycle per hour). */
    SEASONAL_TEMPERATURE(false, 10.0, Duration.ZERO),
    /** Drift: hydraulic efficiency falls by this fraction, slowly. */
    SLOW_DEGRADATION(false, 0.15, Duration.ofMinutes(30));

    private final boolean fault;
    private final double defaultMagnitude;
    private final Duration defaultRamp;

    Kind(boolean fault, double defaultMagnitude, Duration defaultRamp) {
      this.fault = fault;
      this.defaultMagnitude = defaultMagnitude;
      this.defaultRamp = defaultRamp;
    }

    /** How long it takes to develop fully, unless a scenario says otherwise. */
    public Duration defaultRamp() {
      return defaultRamp;
    }

    public boolean isFault() {
      return fault;
    }
  }

  public Scenario {
    if (after.isNegative() || ramp.isNegative()) {
      throw new IllegalArgumentException(
          "scenario times must not be negative: " + after + ", " + ramp);
    }
    if (Double.isNaN(magnitude)) {
      magnitude = kind.defaultMagnitude;
    }
  }

  /** Wildcard pump id: the scenario happens to every pump. */
  public static final String EVERY_PUMP = "*";

  /** Whether it happens to this pump. */
  public boolean appliesTo(String pump) {
    return pumpId.equals(EVERY_PUMP) || pumpId.equals(pump);
  }

  /** A scenario with the kind's default magnitude and ramp. */
  public static Scenario of(String pumpId, Kind kind, Duration after) {
    return new Scenario(pumpId, kind, after, Double.NaN, kind.defaultRamp);
  }

  /**
   * Parses {@code pumpId:KIND:after[:magnitude]}, for example {@code pump-2:SENSOR_OFFSET:PT5M:0.2}
   * ({@code after} as ISO-8601 duration or seconds).
   */
  public static Scenario parse(String text) {
    String[] parts = text.split(":");
    if (parts.length < 3 || parts.length > 4) {
      throw new IllegalArgumentException(
          "scenario '" + text + "' is not pumpId:KIND:after[:magnitude]");
    }
    Kind kind;
    try {
      kind = Kind.valueOf(parts[1].toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "scenario '"
              + text
              + "': unknown kind "
              + parts[1]
              + "; one of "
              + java.util.Arrays.toString(Kind.values()),
          e);
    }
    Duration after =
        parts[2].startsWith("P")
            ? Duration.parse(parts[2])
            : Duration.ofSeconds(Long.parseLong(parts[2]));
    double magnitude = parts.length == 4 ? Double.parseDouble(parts[3]) : Double.NaN;
    return new Scenario(parts[0], kind, after, magnitude, kind.defaultRamp);
  }

  /**
   * How far the scenario has developed at a time since the start: 0 before, rising to 1 over the
   * ramp.
   */
  double level(Duration sinceStart) {
    if (sinceStart.compareTo(after) < 0) {
      return 0;
    }
    if (ramp.isZero()) {
      return 1;
    }
    return Math.min(1.0, (double) sinceStart.minus(after).toMillis() / ramp.toMillis());
  }
}
