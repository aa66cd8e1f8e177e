package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pumpops.ingest.support.Sensors;
import io.pumpops.ingest.support.TestIngest;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.messaging.deadletter.DeadLetterPayload;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every kind of bad input lands in pump.telemetry.dlq with its reason, and ingest keeps going. */
@ExtendWith(LocalStackExtension.class)
class RejectionIT {

  private final StackAddresses stack;
  private final String site = "reject-" + UUID.randomUUID();

  RejectionIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void everyKindOfBadInputIsDeadLetteredWithItsReasonAndGoodInputStillFlows() throws Exception {
    Instant now = Instant.now();
    Map<String, RejectionReason> badByPump = new LinkedHashMap<>();
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    bad(badByPump, payloads, "malformed", RejectionReason.MALFORMED_JSON, "{\"ts\": ");
    bad(
        badByPump,
        payloads,
        "binary",
        RejectionReason.MALFORMED_JSON,
        new byte[] {(byte) 0xc3, 0x28, 0x00});
    bad(
        badByPump,
        payloads,
        "no-ts",
        RejectionReason.MISSING_TIMESTAMP,
        "{\"seq\":1,\"readings\":{\"current\":1}}");
    bad(
        badByPump,
        payloads,
        "bad-ts",
        RejectionReason.INVALID_TIMESTAMP,
        "{\"ts\":\"soon\",\"seq\":1,\"readings\":{\"current\":1}}");
    bad(
        badByPump,
        payloads,
        "future",
        RejectionReason.TIMESTAMP_SKEW,
        "{\"ts\":\""
            + now.plus(Duration.ofHours(2))
            + "\",\"seq\":1,\"readings\":{\"current\":1}}");
    bad(
        badByPump,
        payloads,
        "nan",
        RejectionReason.NOT_FINITE,
        "{\"ts\":\"" + now + "\",\"seq\":1,\"readings\":{\"current\":NaN}}");
    bad(
        badByPump,
        payloads,
        "range",
        RejectionReason.OUT_OF_RANGE,
        "{\"ts\":\"" + now + "\",\"seq\":1,\"readings\":{\"vibration1\":-3}}");
    bad(
        badByPump,
        payloads,
        "unknown-channel",
        RejectionReason.UNKNOWN_CHANNEL,
        "{\"ts\":\"" + now + "\",\"seq\":1,\"readings\":{\"colour\":3}}");
    bad(
        badByPump,
        payloads,
        "too-big",
        RejectionReason.PAYLOAD_TOO_LARGE,
        "{\"ts\":\""
            + now
            + "\",\"seq\":1,\"readings\":{\"current\":1},\"model\":\""
            + "x".repeat(300_000)
            + "\"}");
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    try (IngestService ingest =
            TestIngest.start(stack, "ingest-" + site, site, "g-" + site, 5, metrics);
        Sensors sensors = new Sensors(stack, site);
        TopicReader<RejectedReading> dlq =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY_DLQ,
                r -> r.getSourceTopic().startsWith("pumps/" + site + "/"));
        TopicReader<PumpReading> telemetry =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site))) {
      for (Map.Entry<String, byte[]> bad : payloads.entrySet()) {
        sensors.publish(bad.getKey(), bad.getValue());
      }
      sensors.publish("good", Sensors.reading(7, now));

      List<RejectedReading> rejected = dlq.awaitAtLeast(badByPump.size(), Duration.ofSeconds(60));
      List<PumpReading> accepted = telemetry.awaitAtLeast(1, Duration.ofSeconds(30));

      assertThat(rejected).hasSize(badByPump.size());
      for (RejectedReading r : rejected) {
        assertThat(r.getReason())
            .as(r.getPumpId() + ": " + r.getMessage())
            .isEqualTo(badByPump.get(r.getPumpId()));
        byte[] sent = payloads.get(r.getPumpId());
        assertThat(r.getPayloadSize()).as("size of " + r.getPumpId()).isEqualTo(sent.length);
        if (r.getReason() == RejectionReason.PAYLOAD_TOO_LARGE) {
          // Kept as an excerpt: a dead letter must fit in Kafka whatever the input's size.
          assertThat(r.getPayloadTruncated()).isTrue();
          assertThat(bytes(r))
              .isEqualTo(java.util.Arrays.copyOf(sent, DeadLetterPayload.EXCERPT_BYTES));
        } else {
          assertThat(r.getPayloadTruncated()).isFalse();
          assertThat(bytes(r)).as("raw payload of " + r.getPumpId()).isEqualTo(sent);
        }
        assertThat(r.getMessage()).isNotBlank();
      }
      assertThat(accepted).extracting(PumpReading::getPumpId).containsExactly("good");
      assertThat(
              metrics
                  .get("pumpops.ingest.rejected")
                  .tag("reason", "MALFORMED_JSON")
                  .counter()
                  .count())
          .isEqualTo(2.0);
      assertThat(metrics.get("pumpops.ingest.accepted").counter().count()).isEqualTo(1.0);
      assertThat(ingest.mqttConnected()).isTrue();
    }
  }

  @Test
  void aBadElementOfABatchIsDeadLetteredAloneAndTheRestAccepted() throws Exception {
    Instant now = Instant.now();
    String batch =
        "["
            + Sensors.reading(1, now)
            + ",{\"ts\":\""
            + now
            + "\",\"seq\":2,\"readings\":{\"current\":Infinity}},"
            + Sensors.reading(3, now)
            + "]";
    try (IngestService ingest = TestIngest.start(stack, "ingest-b-" + site, site, "gb-" + site);
        Sensors sensors = new Sensors(stack, site);
        TopicReader<RejectedReading> dlq =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY_DLQ,
                r -> r.getSourceTopic().equals("pumps/" + site + "/batched/telemetry"));
        TopicReader<PumpReading> telemetry =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY,
                r -> r.getSiteId().equals(site) && r.getPumpId().equals("batched"))) {
      sensors.publish("batched", batch);

      assertThat(telemetry.awaitAtLeast(2, Duration.ofSeconds(30)))
          .extracting(PumpReading::getSeq)
          .containsExactly(1L, 3L);
      RejectedReading rejected = dlq.awaitAtLeast(1, Duration.ofSeconds(30)).get(0);
      assertThat(rejected.getReason()).isEqualTo(RejectionReason.NOT_FINITE);
      assertThat(rejected.getBatchIndex()).isEqualTo(1);
    }
  }

  private static void bad(
      Map<String, RejectionReason> reasons,
      Map<String, byte[]> payloads,
      String pump,
      RejectionReason reason,
      String payload) {
    bad(reasons, payloads, pump, reason, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static void bad(
      Map<String, RejectionReason> reasons,
      Map<String, byte[]> payloads,
      String pump,
      RejectionReason reason,
      byte[] payload) {
    reasons.put(pump, reason);
    payloads.put(pump, payload);
  }

  private static byte[] bytes(RejectedReading r) {
    byte[] bytes = new byte[r.getPayload().remaining()];
    r.getPayload().duplicate().get(bytes);
    return bytes;
  }
}
