package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.telemetry.TelemetryRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults of different services that must agree, read from their application.yml. */
class ServiceConfigurationTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void ingestAcceptsNoReadingFurtherAheadThanFeatureStreamsGrace() {
    // ingest-service and the gateways validate with TelemetryRules.defaults() unless configured.
    Object configured = setting("ingest-service", "pumpops.ingest.max-future-skew");
    Duration skew =
        configured == null
            ? TelemetryRules.defaults().maxFutureSkew()
            : Duration.parse(String.valueOf(configured));
    Duration grace =
        Duration.parse(String.valueOf(setting("feature-stream", "pumpops.feature-stream.grace")));

    // A reading stamped ahead advances stream time for every pump of its partition; within the
    // grace, the others' on-time readings still count.
    assertThat(skew).isLessThan(grace);
  }

  private static Object setting(String module, String key) {
    Map<String, Object> yml =
        DockerComposeTest.yaml(ROOT.resolve(module).resolve("src/main/resources/application.yml"));
    return DockerComposeTest.flatten("", yml).get(key);
  }
}
