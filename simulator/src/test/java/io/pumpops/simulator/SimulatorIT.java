package io.pumpops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.mqtt.MqttTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator publishes every reading over MQTT, and says in the ground truth what it malformed.
 */
@ExtendWith(LocalStackExtension.class)
class SimulatorIT {

  private final StackAddresses stack;

  SimulatorIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void publishesEveryReadingAndLogsEachMalformedOne(@TempDir Path dir) throws Exception {
    String site = "sim-" + UUID.randomUUID();
    Instant start = Instant.now();
    List<PumpSource> pumps =
        List.of(
            new SyntheticPump(
                site,
                "pump-1",
                start,
                Duration.ofSeconds(1),
                List.of(),
                1,
                Optional.of(start.plusSeconds(50))),
            new SyntheticPump(
                site,
                "pump-2",
                start,
                Duration.ofSeconds(1),
                List.of(),
                1,
                Optional.of(start.plusSeconds(50))));
    Path truth = dir.resolve("truth.jsonl");

    try (MqttTestClient listener = MqttTestClient.connect(stack, "listener-" + site, true)) {
      listener.subscribe("pumps/" + site + "/+/telemetry", 1);
      Simulator.Result result;
      try (GroundTruthLog log = new GroundTruthLog(truth);
          Simulator simulator =
              new Simulator(
                  new Simulator.Settings(stack.mqttUrl(), stack.mqttCredentials(), 0.2, 3, false),
                  log,
                  Clock.systemUTC())) {
        result = simulator.run(pumps, Optional.empty());
      }

      assertThat(result.readings() + result.malformed()).isEqualTo(100);
      assertThat(result.malformed()).isBetween(5L, 40L);
      await().atMost(Duration.ofSeconds(20)).until(() -> listener.received().size() == 100);
      List<String> lines = Files.readAllLines(truth);
      assertThat(lines).hasSize((int) result.malformed());
      ObjectMapper json = new ObjectMapper();
      for (String line : lines) {
        JsonNode event = json.readTree(line);
        assertThat(event.path("event").asText()).isEqualTo("MALFORMED");
        assertThat(event.path("kind").asText())
            .isIn("TRUNCATED_JSON", "NOT_FINITE", "OUT_OF_RANGE", "MISSING_TIMESTAMP");
      }
      long wellFormed =
          listener.received().stream()
              .filter(
                  m ->
                      m.payload().startsWith("{\"ts\"")
                          && m.payload().endsWith("}")
                          && !m.payload().contains("NaN")
                          && !m.payload().contains("-5.0"))
              .count();
      assertThat(wellFormed).isEqualTo(result.readings());
    }
  }
}
