package io.pumpops.messaging.deadletter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a dead letter keeps of its input: all of them up to a bound, the first ones beyond it.
 *
 * <p>Why bounded: a dead letter that copies a 5 MiB input is itself larger than Kafka accepts (1
 * MiB by default), so the one record meant to say "this input was bad" could never be written, and
 * a service that waits for it to be stored stalls for good. The excerpt and the original size say
 * enough to find the input at its source.
 *
 * @param bytes what is kept
 * @param originalSize how large the input was
 * @param truncated whether {@code bytes} is only the first part of the input
 */
public record DeadLetterPayload(byte[] bytes, long originalSize, boolean truncated) {

  /** The excerpt of an input too large to keep whole; small enough for any Kafka limit. */
  public static final int EXCERPT_BYTES = 4096;

  /**
   * @param raw the input as received (null reads as empty)
   * @param keepWholeUpTo inputs up to this size are kept whole; larger ones as the first {@link
   *     #EXCERPT_BYTES} bytes
   */
  public static DeadLetterPayload of(byte[] raw, int keepWholeUpTo) {
    byte[] input = raw == null ? new byte[0] : raw;
    if (input.length <= keepWholeUpTo) {
      return new DeadLetterPayload(input, input.length, false);
    }
    return new DeadLetterPayload(
        Arrays.copyOf(input, Math.min(EXCERPT_BYTES, keepWholeUpTo)), input.length, true);
  }

  /** Only an excerpt, whatever the input's size: for inputs that Kafka already refused once. */
  public static DeadLetterPayload excerpt(byte[] raw) {
    return of(raw, EXCERPT_BYTES);
  }

  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes);
  }
}
