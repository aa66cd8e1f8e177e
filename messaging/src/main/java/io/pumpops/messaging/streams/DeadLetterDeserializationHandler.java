package io.pumpops.messaging.streams;

import io.pumpops.messaging.deadletter.DeadLetters;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryException;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a Kafka Streams application cannot decode becomes a dead letter on {@link
 * Topics#DEAD_LETTERS}, written in the same transaction as the application's output, and processing
 * goes on: one undecodable record never stops the stream.
 *
 * <p>A record that failed because the schema registry could not be reached is not dead-lettered:
 * the record is probably fine. The handler fails then, the stream thread is replaced (see {@link
 * StreamsRunner}) and the record is read again from the last commit.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  /** Configuration key: the name of the service, recorded in each dead letter. */
  public static final String SERVICE_CONFIG = "pumpops.dead-letter.service";

  /**
   * Configuration key: the {@link SchemaRegistry} instance that registers the dead letter's schema.
   */
  public static final String REGISTRY_CONFIG = "pumpops.dead-letter.registry";

  /**
   * Configuration key, optional: an {@link java.util.concurrent.atomic.AtomicLong} counting the
   * records dead-lettered here (Kafka Streams counts them among its dropped records as well).
   */
  public static final String COUNTER_CONFIG = "pumpops.dead-letter.counter";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private String service;
  private Serializer<RejectedReading> serializer;
  private java.util.concurrent.atomic.AtomicLong counter =
      new java.util.concurrent.atomic.AtomicLong();

  @Override
  public void configure(Map<String, ?> configs) {
    this.service = String.valueOf(configs.get(SERVICE_CONFIG));
    Object registry = configs.get(REGISTRY_CONFIG);
    if (!(registry instanceof SchemaRegistry r)) {
      throw new IllegalArgumentException(
          REGISTRY_CONFIG + " must hold the SchemaRegistry instance, was " + registry);
    }
    this.serializer = AvroSerdes.valueSerde(Topics.DEAD_LETTERS, r).serializer();
    if (configs.get(COUNTER_CONFIG) instanceof java.util.concurrent.atomic.AtomicLong shared) {
      this.counter = shared;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (SchemaRegistryException.causedTransiently(exception)) {
      log.warn(
          "{}/{} offset {} could not be decoded while the schema registry is unreachable; retrying: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          exception.toString());
      return Response.fail();
    }
    RejectedReading letter =
        DeadLetters.of(
            service,
            record.topic(),
            record.partition(),
            record.offset(),
            DeadLetters.keyText(record.key()),
            record.value(),
            RejectionReason.UNDECODABLE,
            exception.toString(),
            Instant.now());
    byte[] value;
    try {
      value = serializer.serialize(Topics.DEAD_LETTERS.name(), letter);
    } catch (RuntimeException e) {
      log.warn(
          "the dead letter of {}/{} offset {} could not be serialized; retrying: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return Response.fail();
    }
    log.warn(
        "dead-lettered {}/{} offset {} to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        Topics.DEAD_LETTERS.name(),
        letter.getMessage());
    counter.incrementAndGet();
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                Topics.DEAD_LETTERS.name(),
                record.topic().getBytes(StandardCharsets.UTF_8),
                value)));
  }
}
