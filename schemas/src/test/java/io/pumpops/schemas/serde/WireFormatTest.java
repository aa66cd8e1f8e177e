package io.pumpops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.schemas.SampleRecords;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void serializedRecordIsMagicByteThenBigEndianSchemaIdThenPlainAvroBinary() throws Exception {
    // An id above 2^24 makes every one of the four id bytes matter.
    int schemaId = 0x01020304;
    AvroSerializer<PumpReading> serializer =
        new AvroSerializer<>(new InMemorySchemaRegistry(schemaId), false, true);
    PumpReading reading = SampleRecords.pumpReading("pump-7", 42);

    byte[] bytes = serializer.serialize("pump.telemetry", reading);

    ByteArrayOutputStream expectedBody = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expectedBody, null);
    new SpecificDatumWriter<>(PumpReading.getClassSchema()).write(reading, encoder);
    encoder.flush();
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0x01, 0x02, 0x03, 0x04);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(expectedBody.toByteArray());
  }

  @Test
  void unframeReadsTheSchemaIdAndLeavesTheBody() {
    byte[] framed = WireFormat.frame(258, new byte[] {7, 8, 9});

    WireFormat.Framed result = WireFormat.unframe("t", framed);

    assertThat(framed).containsExactly(0, 0, 0, 1, 2, 7, 8, 9);
    assertThat(result.schemaId()).isEqualTo(258);
    assertThat(result.avroBody().remaining()).isEqualTo(3);
    assertThat(result.avroBody().get()).isEqualTo((byte) 7);
  }

  @Test
  void rejectsBytesWithAnotherMagicByteNamingTheTopic() {
    byte[] json = "{\"ts\":1}".getBytes();

    assertThatThrownBy(() -> WireFormat.unframe("pump.telemetry", json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("pump.telemetry")
        .hasMessageContaining("0x7b");
  }

  @Test
  void rejectsBytesShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.unframe("pump.telemetry", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes");
  }
}
