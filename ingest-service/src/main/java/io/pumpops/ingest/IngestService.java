package io.pumpops.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pumpops.ingest.edge.EdgeMessages;
import io.pumpops.ingest.kafka.PublishFailure;
import io.pumpops.ingest.kafka.TelemetryPublisher;
import io.pumpops.ingest.mqtt.TelemetrySource;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.telemetry.TelemetryTopic;
import io.pumpops.schemas.telemetry.TelemetryValidator;
import io.pumpops.schemas.telemetry.Validated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT in, Kafka out, nothing lost: every telemetry message is validated, its readings written to
 * pump.telemetry and its rejections to pump.telemetry.dlq (gateway heartbeats and anomalies go to
 * edge.status and pump.anomalies), and only when Kafka has acknowledged all of them is the message
 * acknowledged to the MQTT broker.
 *
 * <p>Delivery is at least once. A crash between Kafka's acknowledgement and the MQTT one makes the
 * broker redeliver, so a reading can appear twice on pump.telemetry; (pumpId, seq) identifies it,
 * and consumers drop the second copy. A failed publish is retried with backoff, for as long as it
 * takes, without acknowledging: while Kafka (or the schema registry) is down, readings wait in the
 * MQTT broker's session rather than being dropped. A message whose records Kafka refuses for what
 * they are (too large, not serializable: {@link PublishFailure#POISON}) is dead-lettered with an
 * excerpt and acknowledged instead, so that one message can never stop ingestion.
 */
public final class IngestService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);

  private final TelemetrySource source;
  private final TelemetryValidator validator;
  private final EdgeMessages edgeMessages;
  private final TelemetryPublisher publisher;
  private final Clock clock;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ingest-retry");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Counter received;
  private final Counter accepted;
  private final Counter forwarded;
  private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
  private final Timer lag;
  private final Counter publishFailures;
  private final Counter poison;

  public IngestService(
      TelemetrySource source,
      TelemetryValidator validator,
      TelemetryPublisher publisher,
      MeterRegistry metrics,
      Clock clock) {
    this.source = source;
    this.validator = validator;
    this.edgeMessages = new EdgeMessages(validator.rules().maxPayloadBytes());
    this.publisher = publisher;
    this.clock = clock;
    this.received =
        Counter.builder("pumpops.ingest.received")
            .description("MQTT telemetry messages received")
            .register(metrics);
    this.accepted =
        Counter.builder("pumpops.ingest.accepted")
            .description("Readings written to pump.telemetry")
            .register(metrics);
    this.forwarded =
        Counter.builder("pumpops.ingest.forwarded")
            .description(
                "Gateway heartbeats and anomalies written to edge.status and pump.anomalies")
            .register(metrics);
    for (RejectionReason reason : RejectionReason.values()) {
      rejected.put(
          reason,
          Counter.builder("pumpops.ingest.rejected")
              .tag("reason", reason.name())
              .description("Readings written to pump.telemetry.dlq, by reason")
              .register(metrics));
    }
    this.lag =
        Timer.builder("pumpops.ingest.lag")
            .description("Sensor event time to Kafka acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    this.publishFailures =
        Counter.builder("pumpops.ingest.publish.failures")
            .description("Kafka publishes that failed and were retried")
            .register(metrics);
    this.poison =
        Counter.builder("pumpops.ingest.poison")
            .description(
                "Messages whose records Kafka refused for what they are, dead-lettered as NOT_STORABLE")
            .register(metrics);
    metrics.gauge("pumpops.ingest.inflight", inFlight);
  }

  /** Connects to MQTT and starts ingesting. */
  public void start() {
    source.start(this::onMessage);
  }

  public boolean mqttConnected() {
    return source.isConnected();
  }

  /** Messages received but not yet acknowledged to the MQTT broker. */
  public int inFlight() {
    return inFlight.get();
  }

  private void onMessage(String topic, byte[] payload, Runnable acknowledge) {
    received.increment();
    inFlight.incrementAndGet();
    Optional<MqttTopics.EdgeKind> edge = MqttTopics.edgeKind(topic);
    List<Validated> results =
        edge.isPresent()
            ? edgeMessages.decode(topic, edge.get(), payload)
            : validator.validate(topic, payload, clock.instant());
    publish(topic, payload, results, acknowledge, FIRST_RETRY);
  }

  private void publish(
      String topic,
      byte[] payload,
      List<Validated> results,
      Runnable acknowledge,
      Duration backoff) {
    CompletableFuture<Void> stored;
    try {
      stored = publisher.publish(topic, results, clock.instant());
    } catch (RuntimeException e) {
      // The producer's buffer is full, Kafka has been unreachable for a while, or the registry is
      // down.
      stored = CompletableFuture.failedFuture(e);
    }
    stored.whenComplete(
        (ok, error) -> {
          if (error == null) {
            acknowledge.run();
            inFlight.decrementAndGet();
            count(results);
          } else if (PublishFailure.of(error) == PublishFailure.POISON
              && !isDeadLetterOfPoison(results)) {
            poison.increment();
            log.warn(
                "Kafka refused the records of a message from {} for what they are; dead-lettering it: {}",
                topic,
                error.toString());
            publish(
                topic,
                payload,
                List.of(
                    new Validated.Rejected(
                        RejectionReason.NOT_STORABLE,
                        "Kafka refused to store this message's records: " + error,
                        TelemetryTopic.parse(topic).map(TelemetryTopic::pumpId).orElse(null),
                        payload,
                        null)),
                acknowledge,
                FIRST_RETRY);
          } else {
            publishFailures.increment();
            log.warn(
                "Could not store a message from {} in Kafka, retrying in {} ms without acknowledging it: {}",
                topic,
                backoff.toMillis(),
                error.toString());
            Duration next =
                backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0
                    ? MAX_RETRY
                    : backoff.multipliedBy(2);
            retries.schedule(
                () -> publish(topic, payload, results, acknowledge, next),
                backoff.toMillis(),
                TimeUnit.MILLISECONDS);
          }
        });
  }

  /**
   * The dead letter of a poison message holds only an excerpt, so Kafka refusing it too means Kafka
   * itself is misconfigured (the DLQ topic missing, say): that is waited out, not looped on.
   */
  private static boolean isDeadLetterOfPoison(List<Validated> results) {
    return results.size() == 1
        && results.get(0) instanceof Validated.Rejected r
        && r.reason() == RejectionReason.NOT_STORABLE;
  }

  private void count(List<Validated> results) {
    Instant now = clock.instant();
    for (Validated result : results) {
      if (result instanceof Validated.Accepted a) {
        accepted.increment();
        lag.record(Duration.between(a.reading().getEventTime(), now));
      } else if (result instanceof Validated.Forwarded) {
        forwarded.increment();
      } else if (result instanceof Validated.Rejected r) {
        rejected.get(r.reason()).increment();
      }
    }
  }

  @Override
  public void close() {
    source.close();
    retries.shutdownNow();
    publisher.close();
  }
}
