package io.pumpops.messaging.deadletter;

import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes dead letters of consumed records to {@link Topics#DEAD_LETTERS}, keyed by the source
 * topic, and waits for Kafka's acknowledgement: a consumer commits past a bad record only once its
 * dead letter is stored, so nothing is dropped with a log line alone.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final String service;
  private final KafkaProducer<String, RejectedReading> producer;
  private final Clock clock;

  public DeadLetterPublisher(
      String service, String bootstrapServers, SchemaRegistry registry, Clock clock) {
    this.service = service;
    this.clock = clock;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            AvroSerdes.valueSerde(Topics.DEAD_LETTERS, registry).serializer());
  }

  /**
   * Dead-letters a consumed record and returns once Kafka has stored it.
   *
   * @throws DeadLetterNotStoredException when Kafka did not store it in time; the caller must not
   *     commit past the record then
   */
  public RejectedReading publish(
      ConsumerRecord<byte[], byte[]> record, RejectionReason reason, Exception error) {
    RejectedReading letter =
        DeadLetters.of(
            service,
            record.topic(),
            record.partition(),
            record.offset(),
            DeadLetters.keyText(record.key()),
            record.value(),
            reason,
            String.valueOf(error),
            clock.instant());
    try {
      producer
          .send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), record.topic(), letter))
          .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterNotStoredException(letter, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new DeadLetterNotStoredException(letter, e);
    }
    log.warn(
        "dead-lettered {}/{} offset {} to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        Topics.DEAD_LETTERS.name(),
        letter.getMessage());
    return letter;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /** Kafka did not store a dead letter; the record it speaks of must be tried again later. */
  public static final class DeadLetterNotStoredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadLetterNotStoredException(RejectedReading letter, Throwable cause) {
      super(
          "could not store the dead letter of "
              + letter.getSourceTopic()
              + "/"
              + letter.getSourcePartition()
              + " offset "
              + letter.getSourceOffset()
              + ": "
              + cause,
          cause);
    }
  }
}
