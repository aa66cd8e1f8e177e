package io.pumpops.training.run;

import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes every step of every run to {@code mlops.training-runs} (the experiment-tracking log) and
 * waits for each write, so the log is never behind what the service did.
 */
public final class RunRecorder implements AutoCloseable {

  private final KafkaProducer<String, TrainingRun> producer;
  private final Clock clock;

  public RunRecorder(String bootstrapServers, SchemaRegistry registry, Clock clock) {
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
            AvroSerdes.keySerde().serializer(),
            AvroSerdes.valueSerde(Topics.TRAINING_RUNS, registry).serializer());
  }

  /** Records one step outcome of a run. */
  public void record(
      RunRequest run,
      String step,
      StepStatus status,
      Map<String, String> parameters,
      Map<String, Double> metrics,
      Duration duration,
      String message,
      String parentRunId) {
    TrainingRun record =
        TrainingRun.newBuilder()
            .setEventId(run.runId() + "/" + step + "/" + status)
            .setEventTime(Instant.ofEpochMilli(clock.millis()))
            .setRunId(run.runId())
            .setModelName(run.modelName())
            .setTrigger(run.trigger())
            .setTriggerEventId(run.triggerEventId())
            .setStep(step)
            .setStatus(status)
            .setParameters(new TreeMap<>(parameters))
            .setMetrics(new TreeMap<>(metrics))
            .setDurationMillis(duration.toMillis())
            .setMessage(message)
            .setParentRunId(parentRunId)
            .build();
    try {
      producer
          .send(new ProducerRecord<>(Topics.TRAINING_RUNS.name(), run.runId(), record))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording " + record.getEventId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not record " + record.getEventId() + " on " + Topics.TRAINING_RUNS.name(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
