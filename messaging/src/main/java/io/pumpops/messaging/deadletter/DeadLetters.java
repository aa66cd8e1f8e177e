package io.pumpops.messaging.deadletter;

import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.avro.RejectionSource;
import io.pumpops.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the dead letter of a Kafka record that a service could not use, for {@link
 * Topics#DEAD_LETTERS}: the source topic, partition and offset, the service, the reason and a
 * bounded payload. Its id is derived from where the record was, so the same record dead-lettered
 * twice (after a crash) carries the same id and readers can drop the copy.
 */
public final class DeadLetters {

  /** Kafka records are kept whole in their dead letter up to this size. */
  public static final int KEEP_WHOLE_UP_TO_BYTES = 256 * 1024;

  private DeadLetters() {}

  /**
   * @param key the record's key as text (a pump, model or gateway id), or null
   * @param value the record's raw value bytes
   * @param error what went wrong, named in the message
   */
  public static RejectedReading of(
      String service,
      String topic,
      int partition,
      long offset,
      String key,
      byte[] value,
      RejectionReason reason,
      String error,
      Instant now) {
    DeadLetterPayload payload = DeadLetterPayload.of(value, KEEP_WHOLE_UP_TO_BYTES);
    return RejectedReading.newBuilder()
        .setEventId(
            UUID.nameUUIDFromBytes(
                    (topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8))
                .toString())
        .setEventTime(now)
        .setSourceTopic(topic)
        .setSource(RejectionSource.KAFKA)
        .setPumpId(topic.startsWith("pump.") ? key : null)
        .setReason(reason)
        .setMessage(
            service
                + " could not use "
                + topic
                + "/"
                + partition
                + " offset "
                + offset
                + (key == null ? "" : " (key " + key + ")")
                + ": "
                + error)
        .setBatchIndex(null)
        .setPayload(payload.buffer())
        .setPayloadSize(payload.originalSize())
        .setPayloadTruncated(payload.truncated())
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setService(service)
        .build();
  }

  /** The key bytes of a catalog record as text: catalog keys are UTF-8 strings. */
  public static String keyText(byte[] key) {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  /** The kept bytes of a dead letter, for readers and tests. */
  public static byte[] payloadBytes(RejectedReading deadLetter) {
    ByteBuffer buffer = deadLetter.getPayload().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
