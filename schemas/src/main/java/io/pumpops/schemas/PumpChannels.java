package io.pumpops.schemas;

import java.util.Map;

/**
 * The conventional channel names of {@code PumpReading.channels} and their units: part of the
 * contract, so sensors, ingest validation and the simulator name channels the same way.
 */
public final class PumpChannels {

  public static final String FLOW_RATE = "flowRate";
  public static final String PRESSURE = "pressure";
  public static final String CURRENT = "current";
  public static final String VOLTAGE = "voltage";
  public static final String MOTOR_TEMPERATURE = "motorTemperature";
  public static final String FLUID_TEMPERATURE = "fluidTemperature";
  public static final String VIBRATION_1 = "vibration1";
  public static final String VIBRATION_2 = "vibration2";

  /** Unit of each conventional channel. */
  public static final Map<String, String> UNITS =
      Map.of(
          FLOW_RATE,
          "l/min",
          PRESSURE,
          "bar",
          CURRENT,
          "A",
          VOLTAGE,
          "V",
          MOTOR_TEMPERATURE,
          "degC",
          FLUID_TEMPERATURE,
          "degC",
          VIBRATION_1,
          "g",
          VIBRATION_2,
          "g");

  private PumpChannels() {}
}
