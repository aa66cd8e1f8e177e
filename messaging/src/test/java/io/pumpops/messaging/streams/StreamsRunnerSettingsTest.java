package io.pumpops.messaging.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsRunnerSettingsTest {

  @Test
  void aStreamsServiceRunsAtLeastOneThreadAndSaysWhichServiceAskedForNone() {
    StreamsRunner.Settings two =
        new StreamsRunner.Settings(
            "feature-stream", "localhost:9092", "fs", Path.of("state"), Duration.ofSeconds(1), 2);
    assertThat(two.streamThreads()).isEqualTo(2);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new StreamsRunner.Settings(
                    "feature-stream",
                    "localhost:9092",
                    "fs",
                    Path.of("state"),
                    Duration.ofSeconds(1),
                    0))
        .withMessageContaining("feature-stream")
        .withMessageContaining("at least 1");
  }

  @Test
  void theSessionTimeoutIsKafkasUnlessSetAndNotBelowTheBrokersMinimum() {
    StreamsRunner.Settings defaults =
        new StreamsRunner.Settings(
            "drift-service", "localhost:9092", "ds", Path.of("state"), Duration.ofSeconds(1), 1);
    assertThat(defaults.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new StreamsRunner.Settings(
                    "drift-service",
                    "localhost:9092",
                    "ds",
                    Path.of("state"),
                    Duration.ofSeconds(1),
                    1,
                    Duration.ofSeconds(2)))
        .withMessageContaining("drift-service")
        .withMessageContaining("at least 6 s");
  }
}
