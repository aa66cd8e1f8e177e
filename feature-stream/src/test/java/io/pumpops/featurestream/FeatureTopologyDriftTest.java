package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.drift.Relation;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.RejectedReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.registry.InMemorySchemaRegistry;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drift branch: fleet windows of pump.features against the champion's reference profile. */
class FeatureTopologyDriftTest {

  private static final Instant T0 = Instant.parse("2026-03-09T10:00:00Z");
  private static final Duration DRIFT_WINDOW = Duration.ofMinutes(10);
  private static final List<String> WATCHED = List.of("flowRate.mean", "pressure.mean");
  private static final int PUMPS = 10;
  private static final Duration REVISION_INTERVAL = Duration.ofMinutes(1);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(1);
  private final FeatureTopology.TopicSerdes serdes = FeatureTopology.TopicSerdes.of(registry);
  private final Random random = new Random(3);
  private TopologyTestDriver driver;
  private TestInputTopic<String, PumpFeatures> features;
  private TestInputTopic<String, ModelPromoted> promoted;
  private TestOutputTopic<String, DriftStatistics> driftStats;

  @BeforeEach
  void start() {
    start(DRIFT_WINDOW);
  }

  private void start(Duration hop) {
    start(hop, Duration.ofMinutes(30));
  }

  private void start(Duration hop, Duration retention) {
    start(new DriftMonitoring(DRIFT_WINDOW, hop, WATCHED), retention);
  }

  private void start(DriftMonitoring monitoring, Duration retention) {
    if (driver != null) {
      driver.close();
    }
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "feature-stream-drift-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    FeatureTopology.Config topology =
        new FeatureTopology.Config(
            FeatureSpec.PUMP_V1,
            Duration.ofSeconds(10),
            new FeatureTopology.DataArrivedPolicy(100, Duration.ofMinutes(1)),
            monitoring,
            Duration.ofMinutes(2),
            retention,
            REVISION_INTERVAL);
    driver = new TopologyTestDriver(FeatureTopology.build(topology, serdes), config, T0);
    features =
        driver.createInputTopic(
            Topics.PUMP_FEATURES.name(), new StringSerializer(), serdes.features().serializer());
    promoted =
        driver.createInputTopic(
            Topics.MODEL_PROMOTED.name(),
            new StringSerializer(),
            serdes.modelPromoted().serializer());
    driftStats =
        driver.createOutputTopic(
            Topics.PUMP_DRIFT_STATS.name(),
            new StringDeserializer(),
            serdes.driftStats().deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /** A profile in which both watched features are standard normal. */
  private static ReferenceProfile standardNormalProfile(long seed) {
    Random r = new Random(seed);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(new double[] {r.nextGaussian(), r.nextGaussian()});
    }
    return ReferenceProfile.of("pump-v1", WATCHED, rows);
  }

  private void promote(String alias, int version, ReferenceProfile profile) {
    promoted.pipeInput(
        "pump-anomaly",
        ModelPromoted.newBuilder()
            .setEventId("e-" + alias + version)
            .setEventTime(T0)
            .setModelName("pump-anomaly")
            .setAlias(alias)
            .setVersion(version)
            .setArtifactSha256("00")
            .setFeatureSpecVersion("pump-v1")
            .setReferenceProfileJson(profile.toJson())
            .setActor("test")
            .setReason("test")
            .build());
  }

  /**
   * One feature record per pump per minute over [from, from + minutes); pressure shifted by this
   * much.
   */
  private void fleetMinutes(Instant from, int minutes, double pressureShift) {
    for (int m = 0; m < minutes; m++) {
      Instant start = from.plus(Duration.ofMinutes(m));
      for (int p = 0; p < PUMPS; p++) {
        pumpMinute("pump-" + p, start, pressureShift);
      }
    }
  }

  private void pumpMinute(String pump, Instant start, double pressureShift) {
    features.pipeInput(
        pump,
        PumpFeatures.newBuilder()
            .setEventId(pump + "/" + start.toEpochMilli())
            .setEventTime(start.plusSeconds(60))
            .setPumpId(pump)
            .setWindowStart(start)
            .setWindowEnd(start.plusSeconds(60))
            .setFeatureSpecVersion("pump-v1")
            .setReadingCount(60)
            .setFeatures(
                Map.of(
                    "pressure.mean",
                    random.nextGaussian() + pressureShift,
                    "flowRate.mean",
                    random.nextGaussian(),
                    "flowRate.count",
                    60.0))
            .build(),
        start.plusSeconds(60));
  }

  @Test
  void aSitesLatePumpWindowsReviseAJudgedDriftWindowOncePerIntervalAndNothingIsDropped() {
    promote("champion", 1, standardNormalProfile(1));
    fleetMinutes(T0, 13, 0); // [T0, T0+10) judged at T0+12
    List<DriftStatistics> judged = driftStats.readValuesToList();
    assertThat(judged).extracting(DriftStatistics::getRevision).containsOnly(0);
    assertThat(judged)
        .filteredOn(s -> s.getFeatureName().equals("pressure.mean"))
        .singleElement()
        .extracting(DriftStatistics::getSampleSize)
        .isEqualTo(PUMPS * 10);

    // A site comes back: its pump's ten windows of the judged drift window arrive now.
    for (int m = 0; m < 10; m++) {
      pumpMinute("pump-late", T0.plus(Duration.ofMinutes(m)), 0);
    }
    assertThat(driftStats.isEmpty())
        .as("revisions wait for the interval, not one per late window")
        .isTrue();

    driver.advanceWallClockTime(REVISION_INTERVAL);

    List<DriftStatistics> revised = driftStats.readValuesToList();
    assertThat(revised)
        .extracting(DriftStatistics::getFeatureName)
        .containsExactlyInAnyOrder("flowRate.mean", "pressure.mean");
    assertThat(revised)
        .allSatisfy(
            r -> {
              assertThat(r.getWindowStart()).isEqualTo(T0);
              assertThat(r.getRevision()).isEqualTo(1);
              assertThat(r.getSampleSize()).as("every pump counted").isEqualTo(PUMPS * 10 + 10);
              assertThat(r.getEventId()).endsWith("/" + T0.toEpochMilli() + "/r1");
            });
    driver.advanceWallClockTime(REVISION_INTERVAL);
    assertThat(driftStats.isEmpty()).as("nothing new, no new revision").isTrue();
    assertThat(deadLetters().isEmpty()).isTrue();
    assertThat(
            driver.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("dropped-records-total"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
                .sum())
        .isZero();
  }

  @Test
  void onePumpAheadOfTheFleetDoesNotHaveWindowsJudgedBeforeTheFleetReachesThem() {
    promote("champion", 1, standardNormalProfile(1));
    fleetMinutes(T0, 5, 0);
    // One pump's clock runs five hours ahead (or one live site sends while the rest of the fleet
    // replays its backlog): the fleet's time must not follow it.
    pumpMinute("pump-0", T0.plus(Duration.ofHours(5)), 0);
    assertThat(driftStats.isEmpty()).as("nothing judged on five minutes of data").isTrue();

    fleetMinutes(
        T0.plus(Duration.ofMinutes(5)), 8, 0); // the fleet reaches T0+13: [T0, T0+10) closes

    assertThat(driftStats.readValuesToList())
        .extracting(
            s ->
                s.getFeatureName()
                    + "@"
                    + s.getWindowStart()
                    + " n="
                    + s.getSampleSize()
                    + " r"
                    + s.getRevision())
        .containsExactly(
            "flowRate.mean@" + T0 + " n=" + PUMPS * 10 + " r0",
            "pressure.mean@" + T0 + " n=" + PUMPS * 10 + " r0");
  }

  @Test
  void aPumpFarAheadThatIsSeenFirstDoesNotHoldTheFleetsWindowsHostage() {
    promote("champion", 1, standardNormalProfile(1));
    pumpMinute("stray", T0.plus(Duration.ofHours(5)), 0);

    fleetMinutes(T0, 13, 0);

    assertThat(driftStats.readValuesToList())
        .extracting(
            s ->
                s.getFeatureName()
                    + "@"
                    + s.getWindowStart()
                    + " n="
                    + s.getSampleSize()
                    + " r"
                    + s.getRevision())
        .containsExactly(
            "flowRate.mean@" + T0 + " n=" + PUMPS * 10 + " r0",
            "pressure.mean@" + T0 + " n=" + PUMPS * 10 + " r0");
    assertThat(deadLetters().readValuesToList()).isEmpty();
  }

  @Test
  void aPumpWindowLaterThanTheRetentionIsDeadLetteredOnceWithItsPump() {
    promote("champion", 1, standardNormalProfile(1));
    fleetMinutes(T0, 10, 0);
    fleetMinutes(
        T0.plus(Duration.ofMinutes(60)), 1, 0); // retention 30 min: [T0, T0+10) let go at T0+42

    pumpMinute("pump-late", T0.plus(Duration.ofMinutes(3)), 0);
    driver.advanceWallClockTime(REVISION_INTERVAL);

    assertThat(driftStats.readValuesToList()).noneMatch(s -> s.getRevision() > 0);
    assertThat(deadLetters().readValuesToList())
        .as("one letter for the pump window, not one per feature")
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getReason()).isEqualTo(RejectionReason.TOO_LATE);
              assertThat(letter.getPumpId()).isEqualTo("pump-late");
              assertThat(letter.getSourceTopic()).isEqualTo(Topics.PUMP_FEATURES.name());
              assertThat(letter.getMessage())
                  .contains("pump-late")
                  .contains(T0.plus(Duration.ofMinutes(3)).toString())
                  .contains("retention PT30M");
            });
  }

  private TestOutputTopic<String, RejectedReading> deadLetters() {
    return driver.createOutputTopic(
        Topics.DEAD_LETTERS.name(), new StringDeserializer(), serdes.deadLetters().deserializer());
  }

  @Test
  void withoutAChampionThereIsNothingToCompareWith() {
    fleetMinutes(T0, 25, 0);

    assertThat(driftStats.isEmpty()).isTrue();
  }

  @Test
  void eachClosedFleetWindowIsComparedWithTheChampionPerWatchedFeature() {
    promote("champion", 1, standardNormalProfile(1));

    fleetMinutes(T0, 10, 0);
    fleetMinutes(T0.plus(DRIFT_WINDOW), 10, 2.0);
    fleetMinutes(
        T0.plus(DRIFT_WINDOW.multipliedBy(2)), 3, 2.0); // closes the second window (grace 2 min)

    List<DriftStatistics> stats = driftStats.readValuesToList();
    assertThat(stats)
        .extracting(s -> s.getFeatureName() + "@" + s.getWindowStart())
        .containsExactly(
            "flowRate.mean@" + T0,
            "pressure.mean@" + T0,
            "flowRate.mean@" + T0.plus(DRIFT_WINDOW),
            "pressure.mean@" + T0.plus(DRIFT_WINDOW));
    DriftStatistics calm = stats.get(1);
    assertThat(calm.getModelName()).isEqualTo("pump-anomaly");
    assertThat(calm.getModelVersion()).isEqualTo(1);
    assertThat(calm.getPumpId()).isNull();
    assertThat(calm.getSampleSize()).isEqualTo(PUMPS * 10);
    assertThat(calm.getReferenceSize()).isEqualTo(5000);
    assertThat(calm.getWindowEnd()).isEqualTo(T0.plus(DRIFT_WINDOW));
    assertThat(calm.getPsi()).isLessThan(0.2);
    assertThat(calm.getDataRanges())
        .containsExactly(new OffsetRange(Topics.PUMP_FEATURES.name(), 0, 0L, 100L, 100L));
    DriftStatistics shifted = stats.get(3);
    assertThat(shifted.getPsi()).isGreaterThan(1.0);
    assertThat(shifted.getWasserstein()).isGreaterThan(1.5);
    assertThat(shifted.getKsPValue()).isLessThan(1e-6);
    assertThat(stats.get(2).getPsi()).as("flow did not move").isLessThan(0.2);
  }

  @Test
  void eachFeaturesCalibratedLimitsTravelFromTheChampionsProfileToItsStatistics() {
    ReferenceProfile plain = standardNormalProfile(1);
    java.util.Map<String, io.pumpops.features.drift.FeatureProfile> limited =
        new java.util.LinkedHashMap<>();
    limited.put(
        "flowRate.mean",
        plain
            .features()
            .get("flowRate.mean")
            .withLimits(new io.pumpops.features.drift.DriftCalibration.Limits(0.6, 0.4)));
    limited.put("pressure.mean", plain.features().get("pressure.mean"));
    promote("champion", 1, new ReferenceProfile(plain.featureSpecVersion(), limited));

    fleetMinutes(T0, 13, 0);

    List<DriftStatistics> stats = driftStats.readValuesToList();
    assertThat(stats)
        .filteredOn(s -> s.getFeatureName().equals("flowRate.mean"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getPsiLimit()).isEqualTo(0.6);
              assertThat(s.getWassersteinLimit()).isEqualTo(0.4);
            });
    assertThat(stats)
        .filteredOn(s -> s.getFeatureName().equals("pressure.mean"))
        .singleElement()
        .satisfies(s -> assertThat(s.getPsiLimit()).as("a profile without limits").isNull());
  }

  /**
   * One feature record per pump per minute in which pressure follows flow (pressure = 2·flow plus a
   * little noise), flow shifted by {@code flowShift} and pressure read {@code offset} high.
   */
  private void relatedMinutes(Instant from, int minutes, double flowShift, double offset) {
    for (int m = 0; m < minutes; m++) {
      Instant start = from.plus(Duration.ofMinutes(m));
      for (int p = 0; p < PUMPS; p++) {
        double flow = random.nextGaussian() + flowShift;
        features.pipeInput(
            "pump-" + p,
            PumpFeatures.newBuilder()
                .setEventId("pump-" + p + "/" + start.toEpochMilli())
                .setEventTime(start.plusSeconds(60))
                .setPumpId("pump-" + p)
                .setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60))
                .setFeatureSpecVersion("pump-v1")
                .setReadingCount(60)
                .setFeatures(
                    Map.of(
                        "pressure.mean",
                        2 * flow + 0.1 * random.nextGaussian() + offset,
                        "flowRate.mean",
                        flow))
                .build(),
            start.plusSeconds(60));
      }
    }
  }

  @Test
  void aRelationIsJudgedByEachChampionsOwnFitSoDemandMovesPressureButNotPressureGivenFlow() {
    Relation relation = new Relation("pressure.mean", "flowRate.mean");
    start(
        new DriftMonitoring(DRIFT_WINDOW, DRIFT_WINDOW, WATCHED, List.of(relation)),
        Duration.ofMinutes(30));
    Random r = new Random(5);
    List<double[]> rows = new ArrayList<>();
    long[] times = new long[5000];
    for (int i = 0; i < 5000; i++) {
      double flow = r.nextGaussian();
      rows.add(new double[] {flow, 2 * flow + 0.1 * r.nextGaussian()});
      times[i] = T0.toEpochMilli() + i * 60_000L;
    }
    ReferenceProfile plain = ReferenceProfile.of("pump-v1", WATCHED, rows);
    promote(
        "champion",
        1,
        plain.withRelations(
            ReferenceProfile.relations(List.of(relation), WATCHED, rows, times, null)));

    relatedMinutes(T0, 10, 1.5, 0); // demand up: flow and pressure move together
    relatedMinutes(T0.plus(DRIFT_WINDOW), 10, 0, 0.5); // the pressure sensor reads high
    relatedMinutes(T0.plus(DRIFT_WINDOW.multipliedBy(2)), 3, 0, 0.5);

    Map<String, DriftStatistics> byWindow = new java.util.HashMap<>();
    driftStats
        .readValuesToList()
        .forEach(st -> byWindow.put(st.getFeatureName() + "@" + st.getWindowStart(), st));
    String name = "pressure.mean|flowRate.mean";
    assertThat(byWindow).containsKeys(name + "@" + T0, name + "@" + T0.plus(DRIFT_WINDOW));
    assertThat(byWindow.get("pressure.mean@" + T0).getPsi()).as("pressure alone").isGreaterThan(1);
    assertThat(byWindow.get(name + "@" + T0).getPsi()).as("given flow").isLessThan(0.2);
    assertThat(byWindow.get(name + "@" + T0.plus(DRIFT_WINDOW)).getPsi())
        .as("the offset, given flow")
        .isGreaterThan(1);
    assertThat(byWindow.get(name + "@" + T0).getSampleSize()).isEqualTo(PUMPS * 10);

    // A champion without the relation (trained before relations) is judged on features only.
    promote("champion", 2, plain);
    relatedMinutes(T0.plus(DRIFT_WINDOW.multipliedBy(2)).plusSeconds(180), 17, 0, 0);
    assertThat(driftStats.readValuesToList())
        .filteredOn(st -> st.getModelVersion() == 2)
        .isNotEmpty()
        .noneMatch(st -> st.getFeatureName().equals(name));
  }

  @Test
  void windowsTheDataDoesNotSpanAreNotJudged() {
    start(Duration.ofMinutes(2));
    promote("champion", 1, standardNormalProfile(1));

    // Data from T0 + 5 min to T0 + 25 min; windows of 10 minutes every 2 minutes.
    fleetMinutes(T0.plus(Duration.ofMinutes(5)), 20, 0);
    fleetMinutes(T0.plus(Duration.ofMinutes(40)), 3, 0); // closes every window of the first stretch

    List<Instant> judged =
        driftStats.readValuesToList().stream()
            .filter(s -> s.getFeatureName().equals("pressure.mean"))
            .map(DriftStatistics::getWindowStart)
            .toList();
    // A window is judged when the data starts at most hop + one feature window (3 min) after its
    // start and stops at most as much before its end: [T0+2, T0+12) ... [T0+16, T0+26).
    assertThat(judged)
        .containsExactly(
            T0.plus(Duration.ofMinutes(2)),
            T0.plus(Duration.ofMinutes(4)),
            T0.plus(Duration.ofMinutes(6)),
            T0.plus(Duration.ofMinutes(8)),
            T0.plus(Duration.ofMinutes(10)),
            T0.plus(Duration.ofMinutes(12)),
            T0.plus(Duration.ofMinutes(14)),
            T0.plus(Duration.ofMinutes(16)));
  }

  @Test
  void onlyChampionMovesChangeTheReferenceAndANewChampionTakesOver() {
    promote("champion", 1, standardNormalProfile(1));
    promote("challenger", 2, standardNormalProfile(2));
    fleetMinutes(T0, 13, 0);
    assertThat(driftStats.readValuesToList())
        .extracting(DriftStatistics::getModelVersion)
        .containsOnly(1);

    promote("champion", 3, standardNormalProfile(3));
    fleetMinutes(T0.plus(Duration.ofMinutes(13)), 10, 0);

    assertThat(driftStats.readValuesToList())
        .isNotEmpty()
        .extracting(DriftStatistics::getModelVersion)
        .containsOnly(3);
  }

  @Test
  void aChampionForAnotherFeatureSpecIsNotComparedWith() {
    promoted.pipeInput(
        "other",
        ModelPromoted.newBuilder()
            .setEventId("e")
            .setEventTime(T0)
            .setModelName("other")
            .setAlias("champion")
            .setVersion(1)
            .setArtifactSha256("00")
            .setFeatureSpecVersion("pump-v0")
            .setReferenceProfileJson(standardNormalProfile(1).toJson())
            .setActor("test")
            .setReason("test")
            .build());

    fleetMinutes(T0, 13, 0);

    assertThat(driftStats.isEmpty()).isTrue();
  }
}
