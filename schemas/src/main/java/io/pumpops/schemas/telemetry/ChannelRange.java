package io.pumpops.schemas.telemetry;

/**
 * The physically possible values of a sensor channel; a value outside is a sensor or transport
 * fault, not a reading.
 *
 * @param min lowest possible value (inclusive)
 * @param max highest possible value (inclusive)
 * @param unit the channel's unit, written into readings that do not state one
 */
public record ChannelRange(double min, double max, String unit) {

  public ChannelRange {
    if (!(min <= max)) {
      throw new IllegalArgumentException("channel range min " + min + " is above max " + max);
    }
  }

  /**
   * Parses {@code name=min..max unit}, for example {@code pressure=-1.5..700 bar}.
   *
   * @return the channel name and its range
   * @throws IllegalArgumentException naming the entry when it does not have that form
   */
  public static java.util.Map.Entry<String, ChannelRange> parse(String entry) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(\\S+)\\.\\.(\\S+)\\s+(\\S+)\\s*")
            .matcher(entry);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "channel range '" + entry + "' is not of the form name=min..max unit");
    }
    try {
      return java.util.Map.entry(
          m.group(1),
          new ChannelRange(
              Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), m.group(4)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "channel range '" + entry + "' has a bound that is not a number", e);
    }
  }

  boolean contains(double value) {
    return value >= min && value <= max;
  }
}
