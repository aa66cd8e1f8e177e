package io.pumpops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.PumpReading;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

  @Test
  void unionsAreUnwrappedTimesAreIsoAndNaNIsNull() throws Exception {
    PumpReading reading =
        PumpReading.newBuilder()
            .setPumpId("pump-1")
            .setSiteId("site-a")
            .setManufacturer("Acme")
            .setEventTime(Instant.parse("2026-11-23T10:00:00Z"))
            .setIngestTime(Instant.parse("2026-11-23T10:00:01Z"))
            .setSeq(7)
            .setChannels(Map.of("pressure", 2.5, "flow", Double.NaN))
            .setUnits(Map.of("pressure", "bar"))
            .build();

    JsonNode json = new ObjectMapper().readTree(PlainJson.toJson(reading));

    assertThat(json.get("manufacturer").asText()).isEqualTo("Acme");
    assertThat(json.get("model").isNull()).isTrue();
    assertThat(json.get("eventTime").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(json.get("seq").asLong()).isEqualTo(7);
    assertThat(json.get("channels").get("pressure").asDouble()).isEqualTo(2.5);
    assertThat(json.get("channels").get("flow").isNull()).isTrue();
  }

  @Test
  void enumsAndOptionalNumbersReadPlainly() {
    Deployment deployment =
        Deployment.newBuilder()
            .setEventId("e")
            .setEventTime(Instant.EPOCH)
            .setRolloutId("r1")
            .setGatewayId("gw-1")
            .setModelName("pump-anomaly")
            .setModelVersion(2)
            .setPreviousVersion(1)
            .setPackageSha256("ab")
            .setPackageUrl("http://x")
            .setSignature("s")
            .setRing(0)
            .setStatus(DeploymentStatus.HEALTHY)
            .build();

    assertThat(PlainJson.toTree(deployment).get("status").asText()).isEqualTo("HEALTHY");
    assertThat(PlainJson.toTree(deployment).get("previousVersion").asInt()).isEqualTo(1);
    assertThat(PlainJson.toTree(deployment).get("message").isNull()).isTrue();
  }

  @Test
  void everyRecordOfTheCatalogPrintsIncludingOptionalTimes() {
    // Optional timestamps (a union of null and timestamp-millis) hold an Instant in generated
    // classes.
    for (var sample : io.pumpops.schemas.SampleRecords.oneForEveryTopic().entrySet()) {
      org.assertj.core.api.Assertions.assertThatCode(
              () -> PlainJson.toJson((org.apache.avro.generic.IndexedRecord) sample.getValue()))
          .as(sample.getKey().name())
          .doesNotThrowAnyException();
    }
    io.pumpops.schemas.avro.AlarmEvent closed =
        io.pumpops.schemas.avro.AlarmEvent.newBuilder(
                (io.pumpops.schemas.avro.AlarmEvent)
                    io.pumpops.schemas.SampleRecords.oneForEveryTopic()
                        .get(io.pumpops.schemas.topics.Topics.PUMP_ALARMS))
            .setState(io.pumpops.schemas.avro.AlarmState.CLOSED)
            .setClosedAt(Instant.parse("2026-11-30T10:00:00Z"))
            .build();

    assertThat(PlainJson.toTree(closed).get("closedAt").asText()).isEqualTo("2026-11-30T10:00:00Z");
  }
}
