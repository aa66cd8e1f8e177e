package io.pumpops.ingest.validation;

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

  boolean contains(double value) {
    return value >= min && value <= max;
  }
}
