package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** feature-stream's binary serdes: round trips, tombstones, and truncated bytes named. */
class StoreSerdeTest {

  @Test
  void aFeatureRowAndATallySurviveTheirBytes() {
    FeatureRow row = new FeatureRow(new double[] {1.5, Double.NaN}, 3, 42, 60_000, "pump-7");
    Serde<FeatureRow> rows = FeatureRow.serde();
    FeatureRow back = rows.deserializer().deserialize("t", rows.serializer().serialize("t", row));
    assertThat(back.values()).containsExactly(1.5, Double.NaN);
    assertThat(back.partition()).isEqualTo(3);
    assertThat(back.offset()).isEqualTo(42);
    assertThat(back.windowStartMillis()).isEqualTo(60_000);
    assertThat(back.pumpId()).isEqualTo("pump-7");

    DriftWindowTally tally = DriftWindowTally.OPEN.counting(row, true).publishedAs(2);
    Serde<DriftWindowTally> tallies = DriftWindowTally.serde();
    assertThat(tallies.deserializer().deserialize("t", tallies.serializer().serialize("t", tally)))
        .isEqualTo(tally);
    assertThat(new TreeMap<>(tally.ranges())).containsKey(3);
  }

  @Test
  void nullIsATombstoneBothWays() {
    Serde<FeatureRow> rows = FeatureRow.serde();
    assertThat(rows.serializer().serialize("t", null)).isNull();
    assertThat(rows.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void truncatedBytesAreASerializationExceptionNamingWhatAndWhere() {
    Serde<PendingRange> ranges = PendingRange.serde();
    byte[] bytes =
        ranges.serializer().serialize("t", new PendingRange("pump.telemetry", 0, 10, 10, 1, 2));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

    assertThatThrownBy(() -> ranges.deserializer().deserialize("changelog-x", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("pending offset range")
        .hasMessageContaining("changelog-x");
  }
}
