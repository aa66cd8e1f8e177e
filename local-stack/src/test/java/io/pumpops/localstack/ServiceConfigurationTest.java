package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults of different services that must agree, read from their application.yml. */
class ServiceConfigurationTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void ingestAcceptsNoReadingFurtherAheadThanFeatureStreamsGrace() {
    Duration skew =
        Duration.parse(String.valueOf(setting("ingest-service", "pumpops.ingest.max-future-skew")));
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
