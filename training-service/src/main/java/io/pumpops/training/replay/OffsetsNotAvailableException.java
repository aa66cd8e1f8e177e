package io.pumpops.training.replay;

import io.pumpops.schemas.avro.OffsetRange;
import java.util.List;

/**
 * A dataset names offsets the topic no longer holds (deleted by retention) or does not hold yet.
 */
public final class OffsetsNotAvailableException extends RuntimeException {

  private final transient List<OffsetRange> ranges;

  public OffsetsNotAvailableException(String message, List<OffsetRange> ranges) {
    super(message);
    this.ranges = List.copyOf(ranges);
  }

  /** The ranges that cannot be replayed. */
  public List<OffsetRange> ranges() {
    return ranges;
  }
}
