package io.pumpops.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0x00}, bytes 1-4 the schema id as a
 * big-endian int, the rest the Avro binary encoding of the record with that schema.
 */
public final class WireFormat {

  /** The only magic byte defined so far. */
  public static final byte MAGIC_BYTE = 0x0;

  /** Bytes before the Avro body: magic byte and schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Frames an Avro body with its schema id. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroBody)
        .array();
  }

  /** A framed record split into its schema id and its Avro body. */
  public record Framed(int schemaId, ByteBuffer avroBody) {}

  /**
   * Reads the header of a framed record.
   *
   * @param topic used in the error message only
   * @throws SerializationException if the bytes are not in the wire format
   */
  public static Framed unframe(String topic, byte[] bytes) {
    if (bytes.length < HEADER_LENGTH) {
      throw new SerializationException(
          "Record on topic "
              + topic
              + " is "
              + bytes.length
              + " bytes, shorter than the "
              + HEADER_LENGTH
              + "-byte Confluent wire-format header");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte magic = buffer.get();
    if (magic != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Record on topic %s starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00"
                  + " (was it written without the registry serializer, as plain JSON or text?)",
              topic, magic));
    }
    int schemaId = buffer.getInt();
    return new Framed(schemaId, buffer.slice());
  }
}
