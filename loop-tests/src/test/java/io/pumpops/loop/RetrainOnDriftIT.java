package io.pumpops.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.cli.Pumpops;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.ConsumerGroups;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftedFeature;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.StepStatus;
import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 5's acceptance run, with registry-service and training-service as their own processes on
 * the embedded stack: a drift-detected event produces a training run whose steps are all on
 * mlops.training-runs, a registered version with full lineage, and (the gate passing, as there is
 * no champion yet) a champion move. The same event redelivered to a restarted training-service
 * trains nothing, and {@code pumpops retrain --from-lineage} rebuilds the model bit for bit.
 */
@ExtendWith(LocalStackExtension.class)
class RetrainOnDriftIT {

  private static final String MODEL = "pump-anomaly";
  private static final String TOKEN = "e2e-training-token";
  private static final String GROUP = "training-service-e2e";
  private static final List<String> STEPS =
      List.of("select-data", "replay", "validate-data", "train", "evaluate", "export", "register");

  private final StackAddresses stack;
  private final SchemaRegistryClient schemas;

  RetrainOnDriftIT(StackAddresses stack) {
    this.stack = stack;
    this.schemas = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  @Test
  void aDriftEventRetrainsRegistersAndPromotesOnceAndTheModelRebuildsBitForBit(
      @TempDir Path artifacts) throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    produceTelemetry(t0, Duration.ofHours(3), 6);
    DriftDetected drift = driftEvent(t0.plus(Duration.ofHours(1)));

    try (ServiceProcess registry =
            ServiceProcess.start(
                "registry-service", registryEnvironment(artifacts), Duration.ofSeconds(90));
        TopicReader<TrainingRun> runs =
            new TopicReader<>(stack, Topics.TRAINING_RUNS, r -> r.getModelName().equals(MODEL));
        TopicReader<ModelRegistered> registered =
            new TopicReader<>(stack, Topics.MODEL_REGISTERED, r -> true);
        TopicReader<ModelPromoted> promoted =
            new TopicReader<>(stack, Topics.MODEL_PROMOTED, r -> true)) {
      String runId;
      try (ServiceProcess training = startTraining(registry)) {
        publish(drift);

        List<TrainingRun> records =
            runs.awaitUntil(
                all ->
                    all.stream()
                        .anyMatch(
                            r -> r.getStep().equals("run") && r.getStatus() != StepStatus.STARTED),
                Duration.ofMinutes(3));
        TrainingRun finished =
            records.stream()
                .filter(r -> r.getStep().equals("run") && r.getStatus() != StepStatus.STARTED)
                .findFirst()
                .orElseThrow();
        assertThat(finished.getStatus())
            .as(finished.getMessage() + " (log: " + training.log() + ")")
            .isEqualTo(StepStatus.SUCCEEDED);
        runId = finished.getRunId();
        assertThat(finished.getTrigger()).isEqualTo(TrainingTrigger.DRIFT_DETECTED);
        assertThat(finished.getTriggerEventId()).isEqualTo(drift.getEventId());
        Map<String, List<StepStatus>> steps =
            records.stream()
                .filter(r -> r.getRunId().equals(runId))
                .collect(
                    Collectors.groupingBy(
                        TrainingRun::getStep,
                        Collectors.mapping(TrainingRun::getStatus, Collectors.toList())));
        for (String step : STEPS) {
          assertThat(steps.get(step))
              .as(step)
              .containsExactly(StepStatus.STARTED, StepStatus.SUCCEEDED);
        }
        TrainingRun evaluate =
            records.stream()
                .filter(
                    r -> r.getStep().equals("evaluate") && r.getStatus() == StepStatus.SUCCEEDED)
                .findFirst()
                .orElseThrow();
        assertThat(evaluate.getMetrics()).containsKey("holdout.falseAlarmRate");
        // The gate's figures in an operator's units (ADR 20): alarms the policy opens, not windows.
        assertThat(evaluate.getMetrics())
            .containsEntry("holdout.alarms.false", 0.0)
            .containsKey("holdout.alarms.normalPumpDays");
        assertThat(evaluate.getMetrics().get("holdout.alarms.normalPumpDays")).isPositive();
        assertThat(evaluate.getParameters()).containsEntry("decision", "promote");
      }

      ModelRegistered version = registered.awaitAtLeast(1, Duration.ofSeconds(30)).get(0);
      Lineage lineage = version.getLineage();
      assertThat(version.getModelName()).isEqualTo(MODEL);
      assertThat(version.getVersion()).isEqualTo(1);
      assertThat(lineage.getRunId()).isEqualTo(runId);
      assertThat(lineage.getDatasetRanges())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.getTopic()).isEqualTo(Topics.PUMP_TELEMETRY.name()));
      assertThat(lineage.getDataFingerprint()).matches("[0-9a-f]{64}");
      assertThat(lineage.getFeatureSpecVersion()).isNotBlank();
      // training-service's default family, with its own setting beside the shared ones.
      assertThat(lineage.getTrainingConfig())
          .containsEntry("modelFamily", "regression-residuals")
          .containsKeys("ridge", "limitQuantile", "holdoutShare");
      assertThat(lineage.getSeed()).isEqualTo(42L);
      assertThat(lineage.getCodeVersion()).isNotBlank().isNotEqualTo("unknown");
      assertThat(version.getMetrics())
          .containsKey("holdout.falseAlarmRate")
          .containsKey("holdout.alarms.falsePerPumpDay");
      List<ModelPromoted> moves =
          promoted.awaitUntil(
              all -> all.stream().anyMatch(p -> p.getAlias().equals("champion")),
              Duration.ofSeconds(30));
      ModelPromoted champion =
          moves.stream().filter(p -> p.getAlias().equals("champion")).findFirst().orElseThrow();
      assertThat(champion.getVersion()).isEqualTo(1);
      assertThat(champion.getReferenceProfileJson()).contains("pressure.mean");
      assertThat(champion.getReason()).startsWith("gate passed in run " + runId);

      // The event again, to a restarted service: its history on mlops.training-runs says it was
      // answered.
      try (ServiceProcess training = startTraining(registry)) {
        publish(drift);
        ConsumerGroups.awaitCaughtUp(
            stack, GROUP, Duration.ofSeconds(60), Topics.DRIFT_DETECTED.name());

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Pumpops());
        cli.setOut(new PrintWriter(out, true));
        int exit =
            cli.execute(
                "retrain",
                "--from-lineage",
                MODEL + ":1",
                "--training-url",
                training.baseUrl().toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
            .contains("data fingerprint  match")
            .contains("model SHA-256     match")
            .contains("reproduced bit for bit");
      }
      List<TrainingRun> all =
          runs.awaitUntil(
              r ->
                  r.stream()
                      .anyMatch(
                          x ->
                              x.getTrigger() == TrainingTrigger.LINEAGE_REBUILD
                                  && x.getStatus() == StepStatus.SUCCEEDED),
              Duration.ofSeconds(30));
      assertThat(
              all.stream()
                  .filter(r -> r.getTrigger() == TrainingTrigger.DRIFT_DETECTED)
                  .map(TrainingRun::getRunId)
                  .distinct())
          .containsExactly(runId);
      assertThat(registered.awaitAtLeast(1, Duration.ofSeconds(1))).hasSize(1);
    }
  }

  private ServiceProcess startTraining(ServiceProcess registry) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "PUMPOPS_KAFKA_BOOTSTRAP_SERVERS",
                stack.bootstrapServers(),
                "PUMPOPS_SCHEMA_REGISTRY_URL",
                stack.schemaRegistryUrl(),
                "PUMPOPS_TRAINING_REGISTRY_URL",
                registry.baseUrl().toString(),
                "PUMPOPS_TRAINING_REGISTRY_TOKEN",
                TOKEN,
                "PUMPOPS_TRAINING_GROUP_ID",
                GROUP,
                "PUMPOPS_TRAINING_MODELS",
                MODEL,
                "PUMPOPS_TRAINING_SCHEDULE_EVERY",
                "PT0S",
                // The three hours of telemetry start an hour before the drift: the run trains on 90
                // minutes after it.
                "PUMPOPS_TRAINING_DRIFT_REFERENCE_SPAN",
                "PT90M",
                // Its own POST /runs tokens from the development profile; the registry token above
                // overrides that profile's.
                "MICRONAUT_ENVIRONMENTS",
                "dev"));
    return ServiceProcess.start("training-service", env, Duration.ofSeconds(90));
  }

  private Map<String, String> registryEnvironment(Path artifacts) {
    return Map.of(
        "PUMPOPS_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
        "PUMPOPS_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl(),
        "PUMPOPS_REGISTRY_ARTIFACT_DIRECTORY", artifacts.toString(),
        "PUMPOPS_AUTH_TOKENS", "training-service:service=" + TOKEN);
  }

  private static DriftDetected driftEvent(Instant windowStart) {
    return DriftDetected.newBuilder()
        .setEventId("drift-e2e-1")
        .setEventTime(Instant.now())
        .setModelName(MODEL)
        .setModelVersion(0)
        .setFeatures(List.of(new DriftedFeature("pressure.mean", "psi", 0.9, 0.2, 3)))
        .setWindowStart(windowStart)
        .setWindowEnd(windowStart.plus(Duration.ofHours(1)))
        .setDataRanges(List.of())
        .setPolicy("test: one event")
        .build();
  }

  private void publish(DriftDetected event) {
    try (KafkaProducer<String, DriftDetected> producer =
        TopicWriter.producer(stack, Topics.DRIFT_DETECTED)) {
      producer.send(
          new ProducerRecord<>(Topics.DRIFT_DETECTED.name(), event.getModelName(), event));
    }
  }

  /**
   * Healthy synthetic pumps, written to pump.telemetry as ingest-service writes them (keyed by
   * pump, event-time stamped).
   */
  private void produceTelemetry(Instant t0, Duration length, int pumpCount) throws Exception {
    List<SyntheticPump> pumps = new ArrayList<>();
    for (int p = 0; p < pumpCount; p++) {
      pumps.add(
          new SyntheticPump(
              "site-e2e",
              "pump-" + p,
              t0,
              Duration.ofSeconds(5),
              List.of(),
              7 + p,
              Optional.of(t0.plus(length))));
    }
    try (KafkaProducer<String, PumpReading> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20),
            AvroSerdes.keySerde().serializer(),
            AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, schemas).serializer())) {
      boolean more = true;
      while (more) {
        more = false;
        for (SyntheticPump pump : pumps) {
          if (pump.nextTime().isPresent()) {
            more = true;
            SimulatedReading r = pump.next();
            producer.send(
                new ProducerRecord<>(
                    Topics.PUMP_TELEMETRY.name(),
                    null,
                    r.eventTime().toEpochMilli(),
                    r.pumpId(),
                    r.toPumpReading(Instant.now())));
          }
        }
      }
      producer.flush();
    }
  }
}
