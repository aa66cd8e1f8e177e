package io.pumpops.ingest.kafka;

import io.pumpops.messaging.deadletter.DeadLetterPayload;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.avro.RejectionSource;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerializer;
import io.pumpops.schemas.telemetry.Validated;
import io.pumpops.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes validated readings to pump.telemetry, gateway heartbeats and anomalies to edge.status and
 * pump.anomalies, and rejections to pump.telemetry.dlq, keyed by pump (gateway for heartbeats),
 * with one idempotent producer ({@code acks=all}) so per-pump order is kept. A rejection keeps the
 * payload whole up to the accepted size and an excerpt beyond it ({@link DeadLetterPayload}).
 *
 * <p>The producer retries a send for as long as it takes ({@code delivery.timeout.ms} is
 * unbounded): while Kafka is down, sends wait instead of failing, nothing is acknowledged to the
 * MQTT broker, and the broker keeps the messages. That is the back-pressure.
 */
public final class TelemetryPublisher implements AutoCloseable {

  private final KafkaProducer<String, SpecificRecord> producer;
  private final int keepWholeUpTo;

  /**
   * @param bootstrapServers Kafka cluster
   * @param registry where the value schemas are registered
   * @param maxBlock how long {@link #publish} may block when the producer's buffer is full or no
   *     metadata is known; then it throws and the caller retries
   * @param keepWholeUpTo a dead letter keeps its payload whole up to this many bytes (the largest
   *     payload ingest accepts), and only an excerpt of a larger one, so that it fits in Kafka
   */
  public TelemetryPublisher(
      String bootstrapServers, SchemaRegistry registry, Duration maxBlock, int keepWholeUpTo) {
    this.keepWholeUpTo = keepWholeUpTo;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
    this.producer =
        new KafkaProducer<>(
            config, new StringSerializer(), new AvroSerializer<>(registry, false, true));
  }

  /**
   * Sends what validation made of one MQTT message.
   *
   * @return completes when Kafka has acknowledged every record of the message
   */
  public CompletableFuture<Void> publish(String mqttTopic, List<Validated> results, Instant now) {
    CompletableFuture<?>[] sends = new CompletableFuture<?>[results.size()];
    for (int i = 0; i < results.size(); i++) {
      sends[i] = send(toRecord(mqttTopic, results.get(i), now));
    }
    return CompletableFuture.allOf(sends);
  }

  private ProducerRecord<String, SpecificRecord> toRecord(
      String mqttTopic, Validated result, Instant now) {
    if (result instanceof Validated.Accepted accepted) {
      PumpReading reading = accepted.reading();
      return new ProducerRecord<>(
          Topics.PUMP_TELEMETRY.name(),
          null,
          reading.getEventTime().toEpochMilli(),
          reading.getPumpId(),
          reading);
    }
    if (result instanceof Validated.Forwarded forwarded) {
      return new ProducerRecord<>(
          forwarded.topic().name(),
          null,
          forwarded.timestampMillis(),
          forwarded.key(),
          forwarded.record());
    }
    Validated.Rejected rejected = (Validated.Rejected) result;
    // Once Kafka has refused a message's records, only an excerpt is sure to fit.
    DeadLetterPayload payload =
        rejected.reason() == RejectionReason.NOT_STORABLE
            ? DeadLetterPayload.excerpt(rejected.payload())
            : DeadLetterPayload.of(rejected.payload(), keepWholeUpTo);
    return new ProducerRecord<>(
        Topics.PUMP_TELEMETRY_DLQ.name(),
        null,
        now.toEpochMilli(),
        rejected.pumpId(),
        RejectedReading.newBuilder()
            .setEventId(rejectionId(mqttTopic, rejected))
            .setEventTime(now)
            .setSourceTopic(mqttTopic)
            .setSource(RejectionSource.MQTT)
            .setPumpId(rejected.pumpId())
            .setReason(rejected.reason())
            .setMessage(rejected.message())
            .setBatchIndex(rejected.batchIndex())
            .setPayload(payload.buffer())
            .setPayloadSize(payload.originalSize())
            .setPayloadTruncated(payload.truncated())
            .setService("ingest-service")
            .build());
  }

  /** The same bad input redelivered gets the same id, so DLQ consumers can drop the duplicate. */
  private static String rejectionId(String mqttTopic, Validated.Rejected rejected) {
    byte[] topic = (mqttTopic + "#" + rejected.batchIndex() + "#").getBytes(StandardCharsets.UTF_8);
    byte[] all =
        ByteBuffer.allocate(topic.length + rejected.payload().length)
            .put(topic)
            .put(rejected.payload())
            .array();
    return UUID.nameUUIDFromBytes(all).toString();
  }

  private CompletableFuture<Void> send(ProducerRecord<String, SpecificRecord> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            acked.complete(null);
          } else {
            acked.completeExceptionally(error);
          }
        });
    return acked;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
