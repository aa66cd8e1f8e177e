package io.pumpops.ingest.kafka;

import io.pumpops.schemas.registry.SchemaRegistryException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownServerException;

/**
 * Why a message's records could not be stored, and so what ingest does about it.
 *
 * <p>{@link #POISON}: the records themselves are the problem (larger than Kafka accepts, not
 * serializable, a schema the registry refuses). Sending them again fails the same way for ever, and
 * while ingest waits the broker keeps redelivering the message, even after a restart. They are
 * dead-lettered instead. {@link #TRANSIENT}: Kafka or the registry is away or busy; waiting and
 * sending again loses nothing. What is not known to be poison is transient: waiting too long is
 * visible (the in-flight gauge, the retry log), losing a reading is not.
 */
public enum PublishFailure {
  POISON,
  TRANSIENT;

  public static PublishFailure of(Throwable failure) {
    Throwable t =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (SchemaRegistryException.causedTransiently(t)) {
      return TRANSIENT;
    }
    if (t instanceof RecordTooLargeException
        || t instanceof RecordBatchTooLargeException
        || t instanceof InvalidTopicException
        || t instanceof SerializationException
        || t instanceof SchemaRegistryException) {
      return POISON;
    }
    // A broker answering UNKNOWN_SERVER_ERROR for one record, not for the cluster, is the record's
    // fault in practice (a message over the broker's own message.max.bytes reaches the client this
    // way).
    if (t instanceof UnknownServerException) {
      return POISON;
    }
    return TRANSIENT;
  }
}
