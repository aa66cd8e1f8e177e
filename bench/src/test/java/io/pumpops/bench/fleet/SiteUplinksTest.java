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

  @Test
  void gatewaySitesGetTheirShareAndTheOtherSitesTheRestInTurn() {
    java.util.List<Integer> sites = SiteUplinks.assign(1000, 10, 2, 100);

    java.util.TreeMap<Integer, Long> pumpsPerSite =
        sites.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    s -> s, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    assertThat(sites).hasSize(1000);
    assertThat(pumpsPerSite.get(0)).isEqualTo(100);
    assertThat(pumpsPerSite.get(1)).isEqualTo(100);
    assertThat(pumpsPerSite.keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(pumpsPerSite.tailMap(2).values()).containsOnly(100L);
  }

  @Test
  void aSmallFleetFillsTheGatewaySitesFirstAndEverySiteSharesWhenAllHaveGateways() {
    assertThat(SiteUplinks.assign(5, 10, 2, 100)).containsExactly(0, 1, 0, 1, 0);
    assertThat(SiteUplinks.assign(6, 3, 3, 1)).containsExactly(0, 1, 2, 0, 1, 2);
  }
}
