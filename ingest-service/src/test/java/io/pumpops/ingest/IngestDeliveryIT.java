package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pumpops.ingest.support.Readings;
import io.pumpops.ingest.support.Sensors;
import io.pumpops.ingest.support.TestIngest;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Readings from many pumps arrive on pump.telemetry exactly once and in per-pump order. */
@ExtendWith(LocalStackExtension.class)
class IngestDeliveryIT {

  private static final int PUMPS = 40;
  private static final int PER_PUMP = 75;

  private final StackAddresses stack;
  private final String site = "delivery-" + UUID.randomUUID();

  IngestDeliveryIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void mqtt311FallbackIngestsWithAPlainSubscription() throws Exception {
    Instant start = Instant.now().minusSeconds(60);
    try (IngestService ingest =
            TestIngest.start(
                stack, "ingest-v3-" + site, site, "unused", 3, new SimpleMeterRegistry());
        Sensors sensors = new Sensors(stack, site);
        TopicReader<PumpReading> reader =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site))) {
      for (int seq = 0; seq < 50; seq++) {
        sensors.publish("p0", Sensors.reading(seq, start.plusMillis(seq * 100L)));
      }

      List<PumpReading> read = reader.awaitAtLeast(50, Duration.ofSeconds(60));

      assertThat(Readings.ids(read)).isEqualTo(Readings.expected("p", 1, 50));
      assertThat(ingest.mqttConnected()).isTrue();
    }
  }

  @Test
  void thousandsOfReadingsFromManyPumpsArriveExactlyOnceInPerPumpOrder() throws Exception {
    Instant start = Instant.now().minusSeconds(60);
    try (IngestService ingest = TestIngest.start(stack, "ingest-" + site, site, "g-" + site);
        Sensors sensors = new Sensors(stack, site);
        TopicReader<PumpReading> reader =
            new TopicReader<>(stack, Topics.PUMP_TELEMETRY, r -> r.getSiteId().equals(site))) {
      for (int seq = 0; seq < PER_PUMP; seq++) {
        for (int p = 0; p < PUMPS; p++) {
          sensors.publish("p" + p, Sensors.reading(seq, start.plusMillis(seq * 100L)));
        }
      }

      List<PumpReading> read = reader.awaitAtLeast(PUMPS * PER_PUMP, Duration.ofSeconds(90));

      assertThat(read).hasSize(PUMPS * PER_PUMP);
      assertThat(Readings.ids(read)).isEqualTo(Readings.expected("p", PUMPS, PER_PUMP));
      for (Map.Entry<String, List<Long>> pump : Readings.seqsByPump(read).entrySet()) {
        assertThat(pump.getValue()).as(pump.getKey()).isSorted().hasSize(PER_PUMP);
      }
      assertThat(read.get(0).getIngestTime()).isAfterOrEqualTo(read.get(0).getEventTime());
    }
  }
}
