package io.pumpops.features.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class DriftCalibrationTest {

  private static final long MINUTE = 60_000;
  private static final DriftCalibration HOURLY =
      new DriftCalibration(Duration.ofHours(1), Duration.ofMinutes(15), 2.0);

  /**
   * Six hours of ten pumps' minute rows: column 0 independent noise, column 1 a slow wander shared
   * by the hour.
   */
  private static List<double[]> sixHours(long[] times) {
    Random random = new Random(7);
    List<double[]> rows = new ArrayList<>();
    double wander = 0;
    int i = 0;
    for (int minute = 0; minute < 360; minute++) {
      // An AR(1) with a 30-minute time constant: an hour holds about two independent values of it.
      wander =
          wander * Math.exp(-1.0 / 30) + random.nextGaussian() * Math.sqrt(1 - Math.exp(-2.0 / 30));
      for (int pump = 0; pump < 10; pump++) {
        rows.add(new double[] {random.nextGaussian(), wander + 0.1 * random.nextGaussian()});
        times[i++] = minute * MINUTE;
      }
    }
    return rows;
  }

  @Test
  void aFeatureThatWandersBetweenHealthyHoursGetsHigherLimitsThanNoise() {
    long[] times = new long[3600];
    List<double[]> rows = sixHours(times);

    ReferenceProfile profile =
        ReferenceProfile.calibrated("v", List.of("noise", "wander"), rows, times, HOURLY);

    FeatureProfile noise = profile.features().get("noise");
    FeatureProfile wander = profile.features().get("wander");
    // Independent noise: an hour against the rest differs by PSI's sampling floor (about 9/600 +
    // 9/3000).
    assertThat(noise.psiLimit()).isBetween(0.01, 0.15);
    assertThat(noise.wassersteinLimit()).isBetween(0.01, 0.3);
    // The wander moves whole hours away from the others: limits many times the noise's.
    assertThat(wander.psiLimit()).isGreaterThan(5 * noise.psiLimit());
    assertThat(wander.wassersteinLimit()).isGreaterThan(3 * noise.wassersteinLimit());
    DriftCalibration.Largest largest =
        HOURLY.largest(rows.stream().mapToDouble(r -> r[1]).toArray(), times).orElseThrow();
    assertThat(wander.psiLimit()).isEqualTo(2.0 * largest.psi());
    assertThat(wander.wassersteinLimit()).isEqualTo(2.0 * largest.wasserstein());
  }

  @Test
  void oneExcursionSetsTheLargestPeakButNotTheSecondExcursionsPeak() {
    // Six hours of independent noise, and in hour three one 40-minute swing of three sigma: every
    // block overlapping it sees the swing; the blocks clear of it see noise only.
    long[] times = new long[3600];
    double[] values = new double[3600];
    Random random = new Random(11);
    for (int i = 0; i < values.length; i++) {
      int minute = i / 10;
      times[i] = minute * MINUTE;
      values[i] = random.nextGaussian() + (minute >= 150 && minute < 190 ? 3 : 0);
    }
    DriftCalibration largest = HOURLY;
    DriftCalibration second =
        new DriftCalibration(
            HOURLY.block(), HOURLY.hop(), HOURLY.margin(), DriftCalibration.Peak.SECOND_EXCURSION);

    DriftCalibration.Largest withExcursion = largest.largest(values, times).orElseThrow();
    DriftCalibration.Largest clearOfIt = second.largest(values, times).orElseThrow();

    // The rest still holds the swing, so a clean block differs from it more than noise alone would;
    // but far less than the blocks that hold the swing.
    assertThat(withExcursion.psi()).isGreaterThan(1.0);
    assertThat(clearOfIt.psi()).isLessThan(withExcursion.psi() / 2);
    assertThat(clearOfIt.wasserstein()).isLessThan(withExcursion.wasserstein() / 2);
    // Without an excursion the two rules differ only by the noise between blocks.
    double[] noise = new double[values.length];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.nextGaussian();
    }
    assertThat(second.largest(noise, times).orElseThrow().psi())
        .isCloseTo(largest.largest(noise, times).orElseThrow().psi(), within(0.05));
  }

  @Test
  void aShortSpanIsCutIntoThreeBlocksAndTooFewRowsAreNotCalibrated() {
    long[] times = new long[3600];
    List<double[]> rows = sixHours(times);
    // The first 90 minutes only: shorter than three one-hour blocks, so three 30-minute blocks.
    int rowsIn90 = 900;
    long[] short90 = java.util.Arrays.copyOf(times, rowsIn90);
    assertThat(HOURLY.calibrates(short90)).isTrue();
    assertThat(
            ReferenceProfile.calibrated(
                    "v", List.of("noise", "wander"), rows.subList(0, rowsIn90), short90, HOURLY)
                .features()
                .get("wander")
                .psiLimit())
        .isNotNull();
    assertThat(
            HOURLY
                .largest(rows.stream().mapToDouble(r -> r[1]).toArray(), times)
                .orElseThrow()
                .psi())
        .as(
            "a 90-minute span is judged in 30-minute blocks, noisier than hours: the limits come out higher")
        .isLessThan(
            HOURLY
                    .largest(
                        rows.subList(0, rowsIn90).stream().mapToDouble(r -> r[1]).toArray(),
                        short90)
                    .orElseThrow()
                    .psi()
                * 10);

    // 60 rows over six minutes: blocks of two minutes hold 20 rows, fewer than MIN_BLOCK_ROWS: no
    // limit.
    long[] tiny = java.util.Arrays.copyOf(times, 60);
    assertThat(HOURLY.calibrates(tiny)).isFalse();
    FeatureProfile uncalibrated =
        ReferenceProfile.calibrated(
                "v", List.of("noise", "wander"), rows.subList(0, 60), tiny, HOURLY)
            .features()
            .get("noise");
    assertThat(uncalibrated.psiLimit()).isNull();
    assertThat(uncalibrated.wassersteinLimit()).isNull();
  }

  @Test
  void settingsAreChecked() {
    Duration hour = Duration.ofHours(1);
    Duration quarter = Duration.ofMinutes(15);
    assertThatThrownBy(() -> new DriftCalibration(Duration.ZERO, quarter, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DriftCalibration(quarter, hour, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DriftCalibration(hour, quarter, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsTravelInAvroAndJsonAndProfilesWrittenBeforeThemStayReadable() throws Exception {
    long[] times = new long[3600];
    ReferenceProfile profile =
        ReferenceProfile.calibrated(
            "v", List.of("noise", "wander"), sixHours(times), times, HOURLY);

    assertThat(ReferenceProfile.fromAvro(profile.toAvro())).isEqualTo(profile);
    assertThat(ReferenceProfile.fromJson(profile.toJson())).isEqualTo(profile);

    // A package built before PSI limits existed: encoded with schema 1, read as a profile without
    // limits.
    Schema v1;
    try (InputStream in =
        ReferenceProfile.class.getResourceAsStream("ReferenceProfileRecord-1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    Schema featureSchema = v1.getField("features").schema().getElementType();
    GenericRecord feature = new GenericData.Record(featureSchema);
    feature.put("feature", "a");
    feature.put("binEdges", List.of(1.0));
    feature.put("binCounts", List.of(3L, 4L));
    feature.put("quantiles", List.of(0.5, 1.5));
    feature.put("mean", 1.0);
    feature.put("std", 0.5);
    feature.put("sampleSize", 7L);
    GenericRecord old = new GenericData.Record(v1);
    old.put("featureSpecVersion", "pump-v1");
    old.put("features", List.of(feature));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    FeatureProfile read = ReferenceProfile.fromAvro(bytes).features().get("a");
    assertThat(read.sampleSize()).isEqualTo(7);
    assertThat(read.psiLimit()).isNull();
    assertThat(read.wassersteinLimit()).isNull();
  }
}
