package io.pumpops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.schemas.SampleRecords;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Reader/writer schema resolution through the wire format: a record written with a newer
 * PumpReading schema (one more optional field) is read by today's generated class, and today's
 * records are read by the newer schema, which fills in the field's default.
 */
class SchemaEvolutionTest {

  private static final Schema V1 = PumpReading.getClassSchema();
  private static final Schema V2 = withFirmwareVersion(V1);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(1);

  @Test
  void oldReaderReadsNewWritersRecord() throws IOException {
    PumpReading original = SampleRecords.pumpReading("pump-7", 9);
    GenericRecord newer = new GenericData.Record(V2);
    V1.getFields()
        .forEach(
            f ->
                newer.put(f.name(), GenericData.get().deepCopy(f.schema(), original.get(f.pos()))));
    newer.put("firmwareVersion", "4.2.0");
    int v2Id = registry.register("pump.telemetry-value", V2);
    byte[] bytes = WireFormat.frame(v2Id, encode(V2, newer));

    PumpReading read =
        new AvroDeserializer<>(registry, PumpReading.class).deserialize("pump.telemetry", bytes);

    assertThat(read).isEqualTo(original);
  }

  @Test
  void newReaderReadsOldWritersRecordWithTheDefault() throws IOException {
    PumpReading original = SampleRecords.pumpReading("pump-7", 9);
    byte[] bytes =
        new AvroSerializer<PumpReading>(registry, false, true)
            .serialize("pump.telemetry", original);
    WireFormat.Framed framed = WireFormat.unframe("pump.telemetry", bytes);
    Schema writer = registry.schemaById(framed.schemaId());

    GenericRecord read =
        new GenericDatumReader<GenericRecord>(writer, V2)
            .read(
                null,
                DecoderFactory.get()
                    .binaryDecoder(
                        framed.avroBody().array(), HEADER, framed.avroBody().remaining(), null));

    assertThat(read.get("pumpId").toString()).isEqualTo("pump-7");
    assertThat(read.get("seq")).isEqualTo(9L);
    assertThat(read.get("firmwareVersion").toString()).isEqualTo("unknown");
  }

  private static final int HEADER = WireFormat.HEADER_LENGTH;

  /** The same record with one more field, as a later release of the contract might add it. */
  private static Schema withFirmwareVersion(Schema v1) {
    try {
      ObjectNode json = (ObjectNode) new ObjectMapper().readTree(v1.toString());
      ((ArrayNode) json.get("fields"))
          .addObject()
          .put("name", "firmwareVersion")
          .put("type", "string")
          .put("default", "unknown");
      return new Schema.Parser().parse(json.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    // The generated class holds timestamps as Instant; a generic writer needs the conversion too.
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    new GenericDatumWriter<GenericRecord>(schema, model).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
