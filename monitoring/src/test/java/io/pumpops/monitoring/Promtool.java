package io.pumpops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.process.PrometheusProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the machine's promtool (Debian's prometheus package; {@code .ci/run} installs it). Without
 * it the checks are skipped with a message, except on CI, where a missing promtool fails them.
 */
final class Promtool {

  /** The outcome of one promtool run. */
  record Result(int exitCode, String output) {}

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  static Promtool required() {
    Optional<Path> promtool =
        PrometheusProcess.binary()
            .map(p -> p.resolveSibling("promtool"))
            .filter(Files::isExecutable);
    if (promtool.isEmpty() && System.getenv("CI") != null) {
      throw new AssertionError("promtool is not installed; .ci/run installs Debian's prometheus");
    }
    Assumptions.assumeTrue(
        promtool.isPresent(),
        "promtool is not installed (apt-get install prometheus): the monitoring checks are skipped");
    return new Promtool(promtool.get());
  }

  Result run(Path directory, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
