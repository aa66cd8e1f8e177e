package io.pumpops.messaging.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.avro.RejectionSource;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadTest {

  @Test
  void keepsAnInputWholeUpToTheBoundAndTheFirstBytesOfALargerOne() {
    byte[] small = new byte[100];
    byte[] large = new byte[5 * 1024 * 1024];
    Arrays.fill(large, (byte) 'x');

    DeadLetterPayload whole = DeadLetterPayload.of(small, 1024);
    DeadLetterPayload cut = DeadLetterPayload.of(large, 256 * 1024);

    assertThat(whole.truncated()).isFalse();
    assertThat(whole.bytes()).isEqualTo(small);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.originalSize()).isEqualTo(large.length);
    assertThat(cut.bytes()).hasSize(DeadLetterPayload.EXCERPT_BYTES);
    assertThat(DeadLetterPayload.excerpt(new byte[5000]).bytes())
        .hasSize(DeadLetterPayload.EXCERPT_BYTES);
  }

  @Test
  void aKafkaDeadLetterSaysWhereTheRecordWasAndTheSameRecordGetsTheSameId() {
    Instant now = Instant.parse("2026-11-30T00:00:00Z");
    RejectedReading first =
        DeadLetters.of(
            "feature-stream",
            "pump.telemetry",
            2,
            41,
            "pump-7",
            new byte[] {1, 2},
            RejectionReason.UNDECODABLE,
            "unknown magic byte",
            now);
    RejectedReading again =
        DeadLetters.of(
            "feature-stream",
            "pump.telemetry",
            2,
            41,
            "pump-7",
            new byte[] {1, 2},
            RejectionReason.UNDECODABLE,
            "unknown magic byte",
            now.plusSeconds(5));
    RejectedReading promoted =
        DeadLetters.of(
            "deploy-service",
            "mlops.model-promoted",
            0,
            3,
            "pump-anomaly",
            new byte[0],
            RejectionReason.UNDECODABLE,
            "x",
            now);

    assertThat(first.getEventId()).isEqualTo(again.getEventId());
    assertThat(first.getSource()).isEqualTo(RejectionSource.KAFKA);
    assertThat(first.getSourcePartition()).isEqualTo(2);
    assertThat(first.getSourceOffset()).isEqualTo(41L);
    assertThat(first.getPumpId()).isEqualTo("pump-7");
    assertThat(first.getMessage())
        .contains("feature-stream could not use pump.telemetry/2 offset 41")
        .contains("unknown magic byte");
    assertThat(DeadLetters.payloadBytes(first)).containsExactly(1, 2);
    // A model name is no pump id: the key is named in the message instead.
    assertThat(promoted.getPumpId()).isNull();
    assertThat(promoted.getMessage()).contains("key pump-anomaly");
  }
}
