package io.pumpops.ingest.validation;

import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectionReason;

/** What validation made of one reading: a {@link PumpReading}, or a rejection with its reason. */
public sealed interface Validated {

  /** A valid reading, ready for pump.telemetry. */
  record Accepted(PumpReading reading) implements Validated {
  }

  /**
   * Input that is not a valid reading.
   *
   * @param reason machine-readable reason code
   * @param message human-readable explanation naming the field and value
   * @param pumpId the pump, when the topic named one
   * @param payload the raw bytes of the message, or of the batch element
   * @param batchIndex position in a JSON array batch; null for a single message
   */
  record Rejected(RejectionReason reason, String message, String pumpId, byte[] payload, Integer batchIndex)
      implements Validated {
  }
}
