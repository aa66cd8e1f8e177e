package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pumpops.ingest.support.Sensors;
import io.pumpops.ingest.support.TestIngest;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.messaging.deadletter.DeadLetterPayload;
import io.pumpops.messaging.deadletter.DeadLetters;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One poison message between valid readings cannot stop ingestion: it becomes one bounded dead
 * letter within seconds, every valid reading lands, and a restarted ingest keeps flowing (the
 * broker does not hold the poison message for it to choke on again).
 */
@ExtendWith(LocalStackExtension.class)
class PoisonMessageIT {

  private static final int FIVE_MIB = 5 * 1024 * 1024;

  private final StackAddresses stack;
  private final String site = "poison-" + UUID.randomUUID();

  PoisonMessageIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aFiveMebibytePayloadIsDeadLetteredAsAnExcerptAndValidReadingsAroundItAndAfterARestartLand()
      throws Exception {
    Instant now = Instant.now();
    byte[] poison = hugeReading(now, FIVE_MIB);
    String client = "ingest-" + site;
    try (Sensors sensors = new Sensors(stack, site);
        TopicReader<PumpReading> telemetry =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site));
        TopicReader<RejectedReading> dlq =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY_DLQ,
                r -> r.getSourceTopic().startsWith("pumps/" + site + "/"))) {
      try (IngestService ingest = TestIngest.start(stack, client, site, "g-" + site)) {
        for (int seq = 1; seq <= 5; seq++) {
          sensors.publish("pump-1", Sensors.reading(seq, now.plusSeconds(seq)));
        }
        sensors.publish("pump-1", poison);
        for (int seq = 6; seq <= 10; seq++) {
          sensors.publish("pump-1", Sensors.reading(seq, now.plusSeconds(seq)));
        }

        RejectedReading letter = dlq.awaitAtLeast(1, Duration.ofSeconds(10)).get(0);
        assertThat(letter.getReason()).isEqualTo(RejectionReason.PAYLOAD_TOO_LARGE);
        assertThat(letter.getPayloadSize()).isEqualTo(FIVE_MIB);
        assertThat(letter.getPayloadTruncated()).isTrue();
        assertThat(DeadLetters.payloadBytes(letter))
            .hasSize(DeadLetterPayload.EXCERPT_BYTES)
            .isEqualTo(Arrays.copyOf(poison, DeadLetterPayload.EXCERPT_BYTES));
        assertThat(telemetry.awaitAtLeast(10, Duration.ofSeconds(30)))
            .extracting(PumpReading::getSeq)
            .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      }
      // The same persistent session again: nothing of the poison message is left to block it.
      try (IngestService restarted = TestIngest.start(stack, client, site, "g-" + site)) {
        sensors.publish("pump-1", Sensors.reading(11, now.plusSeconds(11)));
        assertThat(
                telemetry.awaitUntil(
                    read -> read.stream().anyMatch(r -> r.getSeq() == 11L), Duration.ofSeconds(30)))
            .extracting(PumpReading::getSeq)
            .contains(11L);
        assertThat(restarted.inFlight()).isZero();
      }
      assertThat(
              dlq.awaitAtLeast(1, Duration.ofSeconds(5)).stream()
                  .map(RejectedReading::getEventId)
                  .distinct())
          .hasSize(1);
    }
  }

  @Test
  void aMessageWhoseRecordsKafkaRefusesIsDeadLetteredAsNotStorableAndIngestKeepsFlowing()
      throws Exception {
    // Validation that allows 8 MiB lets a 5 MiB reading through; Kafka (1 MiB per request) refuses
    // it.
    TelemetryRules lenient =
        new TelemetryRules(
            8 * 1024 * 1024,
            Duration.ofMinutes(5),
            Duration.ofDays(7),
            TelemetryRules.defaults().channels(),
            true,
            java.util.Optional.empty());
    Instant now = Instant.now();
    byte[] poison = hugeReading(now, FIVE_MIB);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (IngestService ingest =
            TestIngest.start(
                stack, "ingest-ns-" + site, site, List.of(), "gns-" + site, 5, lenient, metrics);
        Sensors sensors = new Sensors(stack, site);
        TopicReader<PumpReading> telemetry =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY,
                r -> r.getSiteId().equals(site) && r.getPumpId().equals("pump-2"));
        TopicReader<RejectedReading> dlq =
            new TopicReader<>(
                stack,
                Topics.PUMP_TELEMETRY_DLQ,
                r -> r.getSourceTopic().equals("pumps/" + site + "/pump-2/telemetry"))) {
      sensors.publish("pump-2", Sensors.reading(1, now));
      sensors.publish("pump-2", poison);
      sensors.publish("pump-2", Sensors.reading(2, now.plusSeconds(1)));

      RejectedReading letter = dlq.awaitAtLeast(1, Duration.ofSeconds(10)).get(0);
      assertThat(letter.getReason()).isEqualTo(RejectionReason.NOT_STORABLE);
      assertThat(letter.getMessage()).contains("RecordTooLargeException");
      assertThat(letter.getPayloadSize()).isEqualTo(FIVE_MIB);
      assertThat(letter.getPayloadTruncated()).isTrue();
      assertThat(telemetry.awaitAtLeast(2, Duration.ofSeconds(30)))
          .extracting(PumpReading::getSeq)
          .containsExactlyInAnyOrder(1L, 2L);
      assertThat(metrics.get("pumpops.ingest.poison").counter().count()).isEqualTo(1.0);
    }
  }

  /** A syntactically valid reading padded to {@code size} bytes with a long model name. */
  private static byte[] hugeReading(Instant ts, int size) {
    String head = "{\"ts\":\"" + ts + "\",\"seq\":99,\"readings\":{\"current\":1.0},\"model\":\"";
    String tail = "\"}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }
}
