package io.pumpops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.ConsumerGroups;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of drift-service share the models (each model's statistics meet in one task of the
 * by-model repartition); one, a JVM of its own, is killed half-way through every model's streak.
 * The other takes its models over with the policy's state from the changelog, and each model drifts
 * exactly once: nothing of the streak lost with the dead instance, nothing counted twice from its
 * aborted transaction.
 */
@ExtendWith(LocalStackExtension.class)
class KillOneOfTwoIT {

  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
  private static final Duration HOP = Duration.ofMinutes(15);

  /** How long the killed instance goes unheard before its models move: the broker's minimum. */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

  /** Models per partition of the by-model repartition, so that the dead instance held some. */
  private static final int MODELS_PER_PARTITION = 2;

  private final StackAddresses stack;
  private final SchemaRegistryClient registry;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String applicationId = "drift-service-kill-" + run;

  KillOneOfTwoIT(StackAddresses stack) {
    this.stack = stack;
    this.registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  @Test
  void whenOneOfTwoInstancesIsKilledMidStreakEveryModelDriftsExactlyOnce(@TempDir Path state)
      throws Exception {
    Map<Integer, List<String>> modelsByPartition = models();
    List<String> models = modelsByPartition.values().stream().flatMap(List::stream).toList();
    try (ServiceProcess doomed = process(state.resolve("doomed"));
        DriftServiceApp survivor = app(state.resolve("survivor"));
        KafkaProducer<String, DriftStatistics> producer =
            TopicWriter.producer(stack, Topics.PUMP_DRIFT_STATS);
        TopicReader<DriftDetected> detections =
            new TopicReader<>(
                stack, Topics.DRIFT_DETECTED, d -> d.getModelName().toString().startsWith(run))) {
      survivor.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  survivor.state() == KafkaStreams.State.RUNNING
                      && survivor.activeTaskIds().size() < 6);
      // The by-model tasks (subtopology 1) the survivor does not hold are the doomed instance's.
      Set<Integer> survivorsPartitions = byModelPartitions(survivor.activeTaskIds());
      List<String> movedModels = new ArrayList<>();
      modelsByPartition.forEach(
          (partition, names) -> {
            if (!survivorsPartitions.contains(partition)) {
              movedModels.addAll(names);
            }
          });
      assertThat(movedModels).as("models whose streak the doomed instance holds").isNotEmpty();

      TestStatistics.sendFarPastTheLimit(producer, models, T0, HOP, 0, 2);
      awaitCaughtUp();
      assertThat(detections.awaitUntil(d -> true, Duration.ofSeconds(1)))
          .as("half a streak")
          .isEmpty();

      TestStatistics.sendFarPastTheLimit(producer, models, T0, HOP, 2, 3);
      doomed.kill();
      TestStatistics.sendFarPastTheLimit(producer, models, T0, HOP, 3, 4);
      await().atMost(Duration.ofSeconds(60)).until(() -> survivor.activeTaskIds().size() == 6);
      awaitCaughtUp();

      List<DriftDetected> found = detections.awaitAtLeast(models.size(), Duration.ofSeconds(30));
      Map<String, Long> perModel =
          found.stream()
              .collect(
                  Collectors.groupingBy(
                      d -> d.getModelName().toString(), TreeMap::new, Collectors.counting()));
      assertThat(perModel.keySet()).containsExactlyInAnyOrderElementsOf(models);
      assertThat(perModel).as("one drift per model").allSatisfy((m, n) -> assertThat(n).isOne());
      assertThat(found)
          .allSatisfy(
              d -> {
                assertThat(d.getWindowStart()).isEqualTo(T0);
                assertThat(d.getWindowEnd())
                    .isEqualTo(T0.plus(HOP.multipliedBy(3)).plus(Duration.ofHours(1)));
              });
    }
  }

  /** Model names by the partition of the by-model repartition their statistics go to. */
  private Map<Integer, List<String>> models() {
    int partitions = Topics.PUMP_DRIFT_STATS.partitions();
    Map<Integer, List<String>> byPartition = new TreeMap<>();
    for (int i = 0;
        byPartition.values().stream().mapToInt(List::size).sum()
            < partitions * MODELS_PER_PARTITION;
        i++) {
      String model = run + "-model-" + i;
      // The repartition's key is the model name, a String: Kafka's default partitioner.
      int partition =
          Utils.toPositive(Utils.murmur2(model.getBytes(StandardCharsets.UTF_8))) % partitions;
      List<String> names = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
      if (names.size() < MODELS_PER_PARTITION) {
        names.add(model);
      }
    }
    return byPartition;
  }

  private static Set<Integer> byModelPartitions(List<String> taskIds) {
    return taskIds.stream()
        .filter(t -> t.startsWith("1_"))
        .map(t -> Integer.parseInt(t.substring(2)))
        .collect(Collectors.toSet());
  }

  private DriftServiceApp app(Path state) {
    return new DriftServiceApp(
        new DriftServiceApp.Settings(
            stack.bootstrapServers(),
            applicationId,
            state,
            DriftPolicy.Settings.defaults(),
            Duration.ofMillis(200),
            SESSION_TIMEOUT),
        registry);
  }

  /** The service as its own JVM, with the same policy (its application.yml's defaults). */
  private ServiceProcess process(Path state) {
    Map<String, String> environment = new HashMap<>(stack.serviceEnvironment());
    environment.put("PUMPOPS_DRIFT_APPLICATION_ID", applicationId);
    environment.put("PUMPOPS_DRIFT_STATE_DIRECTORY", state.toString());
    environment.put("PUMPOPS_DRIFT_COMMIT_INTERVAL", "PT0.2S");
    environment.put("PUMPOPS_DRIFT_SESSION_TIMEOUT", SESSION_TIMEOUT.toString());
    return ServiceProcess.start("drift-service", environment, Duration.ofSeconds(90));
  }

  private void awaitCaughtUp() {
    ConsumerGroups.awaitCaughtUp(
        stack,
        applicationId,
        Duration.ofSeconds(60),
        Topics.PUMP_DRIFT_STATS.name(),
        applicationId + "-drift-stats-by-model-repartition");
  }
}
