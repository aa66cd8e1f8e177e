package io.pumpops.featurestream;

import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one shape of feature-stream's binary serdes (its stores and its repartition topic): null
 * stays null (a tombstone), and bytes that cannot be read are a {@link SerializationException}
 * naming what and where, which the stream thread's handlers know how to treat.
 */
final class StoreSerde {

  private StoreSerde() {}

  /**
   * @param what what the bytes hold, for the error ("pump windows")
   * @param write the value's bytes
   * @param read the value from its bytes, given the topic they came from
   */
  static <T> Serde<T> of(
      String what, Function<T, byte[]> write, BiFunction<String, ByteBuffer, T> read) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : write.apply(value),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return read.apply(topic, ByteBuffer.wrap(bytes));
          } catch (SerializationException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new SerializationException(
                "corrupt " + what + " in " + topic + ": " + e.getMessage(), e);
          }
        });
  }
}
