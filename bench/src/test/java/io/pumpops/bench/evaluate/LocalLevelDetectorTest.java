package io.pumpops.bench.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.features.FeatureSpec;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.schemas.PumpChannels;
import io.pumpops.simulator.SkabRecording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalLevelDetectorTest {

  private static final int FIT = 400;
  private static final int FAULT_FROM = 600;
  private static final int FAULT_TO = 1000;
  private static final int ROWS = 1150;

  /**
   * SKAB's difficulty in small: the motor's temperature swings slowly and warms through the
   * recording (already while fitting), by many times its spread in the fitting rows, and the fault
   * lowers the flow by 2.5 times its noise for 400 readings.
   */
  private static List<SkabRecording.Row> warmingRigWithASmallFlowDrop() {
    Random random = new Random(7);
    List<SkabRecording.Row> rows = new ArrayList<>();
    double swing = 0;
    for (int i = 0; i < ROWS; i++) {
      boolean fault = i >= FAULT_FROM && i < FAULT_TO;
      swing = 0.98 * swing + 0.1 * random.nextGaussian();
      Map<String, Double> channels = new HashMap<>();
      for (String channel : FeatureSpec.PUMP_V1.channels()) {
        channels.put(channel, 1 + 0.01 * random.nextGaussian());
      }
      channels.put(PumpChannels.MOTOR_TEMPERATURE, 70 + 0.004 * i + swing);
      channels.put(PumpChannels.FLOW_RATE, 32 + 0.4 * random.nextGaussian() - (fault ? 1.0 : 0));
      rows.add(new SkabRecording.Row(Duration.ofSeconds(i), channels, fault, false));
    }
    return rows;
  }

  @Test
  void aSmallLastingShiftIsFoundWhileAWarmingChannelRaisesNoAlarm() {
    List<SkabRecording.Row> rows = warmingRigWithASmallFlowDrop();

    boolean[] verdicts =
        new LocalLevelDetector(new LocalLevelDetector.Settings(0.05, 2.5)).detect(rows, FIT);
    OutlierCounts counts = OutlierCounts.of(verdicts, labels(rows));

    assertThat(verdicts).hasSize(ROWS - FIT);
    assertThat(counts.falseAlarmRate()).isLessThan(0.05);
    assertThat(counts.missedAlarmRate()).isLessThan(0.25);
  }

  @Test
  void aModelOfTheHealthyStateCannotTellTheWarmingFromTheFault() {
    // The reason for the detector: PCA fitted on the same 400 rows alarms on the warming.
    List<SkabRecording.Row> rows = warmingRigWithASmallFlowDrop();

    boolean[] verdicts =
        new PointPcaDetector(PcaAnomalyModel.Settings.defaults()).detect(rows, FIT);

    assertThat(OutlierCounts.of(verdicts, labels(rows)).falseAlarmRate()).isGreaterThan(0.3);
  }

  @Test
  void namesCarryTheSettingsAndBadSettingsAreRefused() {
    assertThat(new LocalLevelDetector(new LocalLevelDetector.Settings(0.05, 2.5)).name())
        .isEqualTo("local-level/points@0.05,2.5");
    assertThat(new LocalLevelDetector(new LocalLevelDetector.Settings(1, 2)).name())
        .isEqualTo("local-level/points@1,2");
    assertThatThrownBy(() -> new LocalLevelDetector.Settings(0, 2))
        .hasMessageContaining("smoothing");
    assertThatThrownBy(() -> new LocalLevelDetector.Settings(0.1, -1))
        .hasMessageContaining("limit scale");
  }

  private static boolean[] labels(List<SkabRecording.Row> rows) {
    boolean[] labels = new boolean[rows.size() - FIT];
    for (int i = FIT; i < rows.size(); i++) {
      labels[i - FIT] = rows.get(i).anomaly();
    }
    return labels;
  }
}
