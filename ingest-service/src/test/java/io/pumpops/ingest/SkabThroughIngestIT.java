package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pumpops.ingest.support.TestIngest;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.simulator.GroundTruthLog;
import io.pumpops.simulator.Simulator;
import io.pumpops.simulator.SkabRecording;
import io.pumpops.simulator.SkabReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SKAB pump recording, replayed by the simulator, becomes exactly its rows on
 * pump.telemetry.
 */
@ExtendWith(LocalStackExtension.class)
class SkabThroughIngestIT {

  private final StackAddresses stack;

  SkabThroughIngestIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void everyRowOfASkabRecordingArrivesWithItsValuesAndUnits(@TempDir Path dir) throws Exception {
    Path csv =
        Path.of(
            System.getProperty("pumpops.shared.data", "../../shared/data"),
            "skab",
            "valve1",
            "0.csv");
    assumeTrue(
        Files.isRegularFile(csv),
        "SKAB data not found at "
            + csv.toAbsolutePath()
            + " (it lives in ../shared/data beside the repository; this test is skipped without it)");
    SkabRecording recording = SkabRecording.load(csv);
    String site = "skab-" + UUID.randomUUID();
    Duration length = recording.rows().get(recording.rows().size() - 1).offset();
    Instant start = Instant.now().minus(length).minusSeconds(10);
    SkabReplay replay = new SkabReplay(recording, site, "skab-valve1-0", start, 1);

    try (IngestService ingest = TestIngest.start(stack, "ingest-" + site, site, "g-" + site);
        TopicReader<PumpReading> reader =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site));
        GroundTruthLog log = new GroundTruthLog(dir.resolve("truth.jsonl"));
        Simulator simulator =
            new Simulator(
                new Simulator.Settings(stack.mqttUrl(), stack.mqttCredentials(), 0, 1, false),
                log,
                Clock.systemUTC())) {
      simulator.run(List.of(replay), Optional.empty());

      List<PumpReading> read = reader.awaitAtLeast(recording.rows().size(), Duration.ofSeconds(90));

      assertThat(read).hasSize(recording.rows().size());
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).getSeq()).isEqualTo(i);
        assertThat(read.get(i).getChannels()).isEqualTo(recording.rows().get(i).channels());
        assertThat(read.get(i).getEventTime())
            .isEqualTo(replay.timeOf(i).truncatedTo(ChronoUnit.MILLIS));
      }
      assertThat(read.get(0).getUnits())
          .containsEntry("pressure", "bar")
          .containsEntry("flowRate", "l/min");
    }
  }
}
