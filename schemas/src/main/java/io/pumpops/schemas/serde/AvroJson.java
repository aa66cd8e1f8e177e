package io.pumpops.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's own JSON encoding of our records, for the MQTT legs (gateway status, anomalies, desired
 * state). One schema per message on every transport: the gateway writes exactly the record ingest
 * puts on Kafka, and a message that does not match the schema fails to decode with Avro's reason.
 */
public final class AvroJson {

  private AvroJson() {}

  public static <T extends SpecificRecord> byte[] encode(T record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      @SuppressWarnings("unchecked")
      DatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
      writer.write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not write " + record.getSchema().getName() + " as JSON", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the record type and Avro's reason when the payload is
   *     not JSON or does not match the schema
   */
  public static <T extends SpecificRecord> T decode(byte[] json, Class<T> type) {
    org.apache.avro.Schema schema = SpecificData.get().getSchema(type);
    try {
      SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
      return reader.read(
          null, DecoderFactory.get().jsonDecoder(schema, new String(json, StandardCharsets.UTF_8)));
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Not a valid " + schema.getName() + " message: " + e.getMessage(), e);
    }
  }
}
