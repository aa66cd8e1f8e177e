package io.pumpops.training.trigger;

import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.messaging.listener.CatalogTopicListener;
import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Hands {@code mlops.drift-detected} and {@code mlops.data-arrived} events to the trigger policy
 * and the coordinator, through the messaging runtime's {@link CatalogTopicListener} (one per topic,
 * both in the service's consumer group): offsets are committed only past admitted triggers, an
 * event redelivered after a crash is recognised by its id, and a record that is not a valid event
 * is dead-lettered. When Kafka does not take a run's opening record the trigger is tried again, not
 * dropped.
 */
public final class TriggerListener implements AutoCloseable {

  private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);
  private static final Predicate<RuntimeException> RETRYABLE =
      e -> e instanceof TrainingCoordinator.AdmissionNotRecordedException;

  private final CatalogTopicListener<DriftDetected> drifts;
  private final CatalogTopicListener<DataArrived> arrivals;
  private final DeadLetterPublisher deadLetters;

  public TriggerListener(
      String bootstrapServers,
      String groupId,
      SchemaRegistry registry,
      TriggerPolicy policy,
      TrainingCoordinator coordinator,
      DeadLetterPublisher deadLetters) {
    this.deadLetters = deadLetters;
    this.drifts =
        new CatalogTopicListener<>(
            bootstrapServers,
            groupId,
            Topics.DRIFT_DETECTED,
            registry,
            event -> policy.onDriftDetected(event).ifPresent(coordinator::submit),
            RETRYABLE,
            deadLetters,
            RETRY_PAUSE);
    this.arrivals =
        new CatalogTopicListener<>(
            bootstrapServers,
            groupId,
            Topics.DATA_ARRIVED,
            registry,
            event -> policy.onDataArrived(event).forEach(coordinator::submit),
            RETRYABLE,
            deadLetters,
            RETRY_PAUSE);
  }

  public void start() {
    drifts.start();
    arrivals.start();
  }

  /** Publishes both consumers' metrics (lag) to the registry. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    drifts.bindMetrics(registry);
    arrivals.bindMetrics(registry);
  }

  public boolean isRunning() {
    return drifts.isRunning() && arrivals.isRunning();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      drifts.close();
      arrivals.close();
    } finally {
      deadLetters.close();
    }
  }
}
