package io.pumpops.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.telemetry.TelemetryValidator;
import io.pumpops.schemas.telemetry.Validated;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteUplinksTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @Test
  void aSitesSecondTravelsInGatewayBatchesThatIngestTakesApartIntoEveryReading() {
    List<SimulatedReading> second = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      SimulatedReading simulated =
          new SyntheticPump(
                  "site-1",
                  "bench-pump-" + i,
                  NOW,
                  Duration.ofSeconds(1),
                  List.of(),
                  i,
                  Optional.empty())
              .next();
      second.add(new SimulatedReading("site-1", simulated.pumpId(), NOW, 0, simulated.channels()));
    }

    List<SiteUplinks.Batch> batches = SiteUplinks.batches(second);

    assertThat(batches).extracting(SiteUplinks.Batch::readings).containsExactly(100, 100, 50);
    TelemetryValidator ingest = new TelemetryValidator(TelemetryRules.defaults());
    List<String> pumps = new ArrayList<>();
    for (SiteUplinks.Batch batch : batches) {
      List<Validated> validated =
          ingest.validate(MqttTopics.siteBatch("site-1"), batch.payload(), NOW);
      assertThat(validated).hasSize(batch.readings());
      for (Validated v : validated) {
        assertThat(v).isInstanceOf(Validated.Accepted.class);
        PumpReading reading = ((Validated.Accepted) v).reading();
        assertThat(reading.getEventTime()).isEqualTo(NOW);
        pumps.add(reading.getPumpId());
      }
    }
    assertThat(pumps).isEqualTo(second.stream().map(SimulatedReading::pumpId).toList());
  }
}
