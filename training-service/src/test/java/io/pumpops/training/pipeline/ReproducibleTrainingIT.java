package io.pumpops.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWriter;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.modelpackage.model.SimilarityAnomalyModel;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.modelpackage.onnx.OnnxScorer;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.replay.OffsetsNotAvailableException;
import io.pumpops.training.replay.Replay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training by replay on a real broker: same ranges → same data fingerprint and same model bytes.
 */
@ExtendWith(LocalStackExtension.class)
class ReproducibleTrainingIT {

  private static final FeatureSpec SPEC = FeatureSpec.PUMP_V1;

  /** Both families, so the choice by validation is part of what must come out the same twice. */
  private static final ReproducibleTraining.Settings SETTINGS =
      new ReproducibleTraining.Settings(
          SPEC,
          List.of(PcaAnomalyModel.Settings.defaults(), SimilarityAnomalyModel.Settings.defaults()),
          0.25,
          200,
          0.05,
          0.2,
          42L,
          DriftCalibration.defaults(DriftMonitoring.defaults(SPEC)),
          PumpWindows.ALL_WINDOWS,
          DriftMonitoring.defaults(SPEC).relations());

  private final StackAddresses stack;
  private final SchemaRegistryClient registry;

  /** A topic of this test's own (same schema as pump.telemetry), so it can be trimmed safely. */
  private final String topic = "telemetry-replay-" + UUID.randomUUID();

  private List<OffsetRange> dataset;

  ReproducibleTrainingIT(StackAddresses stack) {
    this.stack = stack;
    this.registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  /** Two hours of three synthetic pumps on one partition, every reading's offset noted. */
  @BeforeEach
  void produce() throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
    List<SyntheticPump> pumps = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      pumps.add(
          new SyntheticPump(
              "site",
              "pump-" + p,
              t0,
              Duration.ofSeconds(5),
              List.of(),
              3,
              Optional.of(t0.plus(Duration.ofHours(2)))));
    }
    long first = -1;
    long last = -1;
    try (KafkaProducer<String, PumpReading> producer =
        TopicWriter.producer(stack, io.pumpops.schemas.topics.Topics.PUMP_TELEMETRY)) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      boolean more = true;
      while (more) {
        more = false;
        for (SyntheticPump pump : pumps) {
          if (pump.nextTime().isPresent()) {
            more = true;
            SimulatedReading r = pump.next();
            sent.add(
                producer.send(
                    new ProducerRecord<>(
                        topic,
                        0,
                        r.eventTime().toEpochMilli(),
                        r.pumpId(),
                        r.toPumpReading(r.eventTime()))));
          }
        }
      }
      producer.flush();
      first = sent.get(0).get().offset();
      last = sent.get(sent.size() - 1).get().offset();
    }
    dataset = List.of(new OffsetRange(topic, 0, first, last + 1, last + 1 - first));
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  private ReproducibleTraining training() {
    return new ReproducibleTraining(
        new Replay(stack.bootstrapServers(), Duration.ofSeconds(30)), registry);
  }

  @Test
  void trainingTwiceFromTheSameRangesGivesTheSameFingerprintAndTheSameModelBytes()
      throws Exception {
    ReproducibleTraining.Outcome first =
        training().train("pump-anomaly", dataset, SETTINGS, Labels.NONE);
    ReproducibleTraining.Outcome second =
        training().train("pump-anomaly", dataset, SETTINGS, Labels.NONE);

    assertThat(first.data().records()).isEqualTo(3 * 2 * 720);
    assertThat(first.data().ranges().get(0).getRecordCount()).isEqualTo(first.data().records());
    assertThat(first.validated().train().size() + first.validated().holdout().size())
        .isEqualTo(3 * 118);
    assertThat(first.validated().holdout()).hasSize(3 * 23);
    assertThat(second.data().fingerprint()).isEqualTo(first.data().fingerprint()).hasSize(64);
    assertThat(second.onnxSha256()).isEqualTo(first.onnxSha256());
    assertThat(first.exported().parity().passed()).isTrue();
    assertThat(first.exported().profile().features()).containsKey("pressure.mean");
    // Two hours of data: three 40-minute blocks calibrate every feature's drift limits, shipped in
    // the profile.
    assertThat(first.exported().profile().features().values())
        .allSatisfy(
            p -> {
              assertThat(p.psiLimit()).as(p.feature()).isNotNull();
              assertThat(p.wassersteinLimit()).as(p.feature()).isNotNull();
            });
    // Pressure given flow, fitted on the same rows and calibrated the same way.
    assertThat(first.exported().profile().relations())
        .containsOnlyKeys("pressure.mean|flowRate.mean")
        .allSatisfy((name, r) -> assertThat(r.residuals().psiLimit()).as(name).isNotNull());
    assertThat(first.exported().profile().toJson()).isEqualTo(second.exported().profile().toJson());
    // The choice: both families judged on the same validation windows, the same one chosen both
    // times.
    FamilyChoice.Result choice = first.fitted().choice();
    assertThat(choice.candidates())
        .extracting(FamilyChoice.Candidate::family)
        .containsExactly("pca-t2-q", "similarity");
    assertThat(choice.candidates())
        .allSatisfy(c -> assertThat(c.validation().windows()).isPositive());
    assertThat(second.fitted().choice()).isEqualTo(choice);
    assertThat(first.model().family()).isEqualTo(choice.chosen().name());
    // Lineage keeps the family trained; a rebuild fits that family alone, with no choice to make
    // again.
    Map<String, String> lineage = SETTINGS.asTrainingConfig(choice.chosen());
    assertThat(lineage)
        .containsEntry(ReproducibleTraining.DRIFT_CALIBRATION_KEY, "PT1H/PT15M/3.0")
        .containsEntry("modelFamily", choice.chosen().name());
    ReproducibleTraining.Settings rebuild =
        ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L);
    assertThat(rebuild.families()).containsExactly(choice.chosen());
    assertThat(training().train("pump-anomaly", dataset, rebuild, Labels.NONE).onnxSha256())
        .isEqualTo(first.onnxSha256());
  }

  /**
   * Pump baselines (ADR 21): each pump's table row travels in the ONNX file, lineage says so, and a
   * rebuild from lineage gives the same bytes.
   */
  @Test
  void aModelWithPumpBaselinesCarriesThemAndRebuildsToTheSameBytes() throws Exception {
    ReproducibleTraining.Settings settings = SETTINGS.withPumpBaselines(60);

    ReproducibleTraining.Outcome first =
        training().train("pump-anomaly", dataset, settings, Labels.NONE);

    assertThat(first.fitted().baselines().pumpIds()).containsExactly("pump-0", "pump-1", "pump-2");
    assertThat(first.exported().parity().passed()).isTrue();
    try (OnnxScorer scorer = new OnnxScorer(first.exported().onnx())) {
      assertThat(scorer.needsPumpIds()).isTrue();
      List<PumpWindows.Row> holdout = first.validated().holdout();
      List<Boolean> graph =
          scorer
              .outputs(
                  holdout.stream().map(PumpWindows.Row::features).toList(),
                  holdout.stream().map(PumpWindows.Row::pumpId).toList())
              .stream()
              .map(o -> o.get(OnnxExport.ANOMALY) == 1.0)
              .toList();
      assertThat(graph).isEqualTo(holdout.stream().map(first.fitted()::anomalous).toList());
    }
    Map<String, String> lineage = settings.asTrainingConfig(first.fitted().choice().chosen());
    assertThat(lineage).containsEntry(ReproducibleTraining.Settings.PUMP_BASELINES_KEY, "60");
    assertThat(SETTINGS.asTrainingConfig(first.fitted().choice().chosen()))
        .doesNotContainKey(ReproducibleTraining.Settings.PUMP_BASELINES_KEY);
    ReproducibleTraining.Settings rebuild =
        ReproducibleTraining.Settings.fromTrainingConfig(SPEC, lineage, 42L);
    assertThat(rebuild.pumpBaselineWindows()).isEqualTo(60);
    assertThat(training().train("pump-anomaly", dataset, rebuild, Labels.NONE).onnxSha256())
        .isEqualTo(first.onnxSha256());
  }

  @Test
  void aShorterRangeIsOtherDataWithAnotherFingerprint() throws Exception {
    OffsetRange all = dataset.get(0);
    List<OffsetRange> shorter =
        List.of(new OffsetRange(topic, 0, all.getFromOffset(), all.getToOffset() - 1, 0L));

    ReproducibleTraining.Outcome full =
        training().train("pump-anomaly", dataset, SETTINGS, Labels.NONE);
    ReproducibleTraining.Outcome less =
        training().train("pump-anomaly", shorter, SETTINGS, Labels.NONE);

    assertThat(less.data().fingerprint()).isNotEqualTo(full.data().fingerprint());
  }

  @Test
  void rangesNoLongerRetainedFailBeforeTrainingAndAreNamed() throws Exception {
    try (Admin admin = admin()) {
      admin
          .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(100)))
          .all()
          .get();
    }

    assertThatThrownBy(() -> training().train("pump-anomaly", dataset, SETTINGS, Labels.NONE))
        .isInstanceOf(OffsetsNotAvailableException.class)
        .hasMessageContaining(topic + "/0 [0, ")
        .hasMessageContaining("offsets before 100 are no longer retained");
  }

  @Test
  void tooLittleDataIsRefusedWithTheReason() {
    List<OffsetRange> tiny = List.of(new OffsetRange(topic, 0, 0L, 500L, 0L));

    assertThatThrownBy(() -> training().train("pump-anomaly", tiny, SETTINGS, Labels.NONE))
        .isInstanceOf(ReproducibleTraining.DataRejectedException.class)
        .hasMessageContaining("at least 200 needed");
  }
}
