package io.pumpops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.EdgeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  @Test
  void aRecordSurvivesTheJsonEncoding() {
    EdgeStatus status =
        EdgeStatus.newBuilder()
            .setEventId("e1")
            .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
            .setGatewayId("gw-1")
            .setSiteId("site-a")
            .setHardwareClass("x86-64-standard")
            .setOnnxRuntimeVersion("1.29.0")
            .setCapabilities(List.of("store-and-forward"))
            .setModelName("pump-anomaly")
            .setModelVersion(2)
            .setLatencyP99Millis(0.4)
            .setBufferDepth(12)
            .setFailedPackageSha256("ab")
            .build();

    assertThat(AvroJson.decode(AvroJson.encode(status), EdgeStatus.class)).isEqualTo(status);
  }

  @Test
  void anythingElseIsRefusedNamingTheRecordType() {
    assertThatThrownBy(
            () -> AvroJson.decode("{not json".getBytes(StandardCharsets.UTF_8), AnomalyEvent.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AnomalyEvent");
    byte[] status =
        AvroJson.encode(
            EdgeStatus.newBuilder()
                .setEventId("e1")
                .setEventTime(Instant.EPOCH)
                .setGatewayId("g")
                .setSiteId("s")
                .setHardwareClass("h")
                .setOnnxRuntimeVersion("1")
                .build());
    assertThatThrownBy(() -> AvroJson.decode(status, AnomalyEvent.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AnomalyEvent");
  }
}
