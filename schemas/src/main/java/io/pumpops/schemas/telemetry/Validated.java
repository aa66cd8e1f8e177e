package io.pumpops.schemas.telemetry;

import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;

/**
 * What validation made of one message: a {@link PumpReading}, a gateway record to forward as it is,
 * or a rejection with its reason.
 */
public sealed interface Validated {

  /** A valid reading, ready for pump.telemetry. */
  record Accepted(PumpReading reading) implements Validated {}

  /**
   * A gateway's record (heartbeat, anomaly) that passed its schema, for the given Kafka topic.
   *
   * @param key the record key (gateway id or pump id)
   * @param timestampMillis the Kafka record timestamp: when the gateway made the record
   */
  record Forwarded(TopicSpec<?> topic, String key, long timestampMillis, SpecificRecord record)
      implements Validated {}

  /**
   * Input that is not a valid reading.
   *
   * @param reason machine-readable reason code
   * @param message human-readable explanation naming the field and value
   * @param pumpId the pump, when the topic named one
   * @param payload the raw bytes of the message, or of the batch element
   * @param batchIndex position in a JSON array batch; null for a single message
   */
  record Rejected(
      RejectionReason reason, String message, String pumpId, byte[] payload, Integer batchIndex)
      implements Validated {}
}
