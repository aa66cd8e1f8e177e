package io.pumpops.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A JVM that started a child process and is then stopped by SIGTERM (as a benchmark stopped with
 * Ctrl-C or {@code kill}) takes the child with it when the child was registered, and leaves it
 * running otherwise (what happened to benchmarks' service JVMs before).
 */
class StopWithThisJvmTest {

  /** Run in its own JVM: starts {@code sleep 600}, registers it if asked, prints its pid, waits. */
  public static void main(String[] args) throws Exception {
    Process child = new ProcessBuilder("sleep", "600").start();
    if (args[0].equals("register")) {
      StopWithThisJvm.register(child, "sleep", Duration.ofSeconds(5));
    }
    System.out.println(child.pid());
    System.out.flush();
    Thread.currentThread().join();
  }

  @Test
  void aRegisteredChildStopsWhenItsParentIsTerminated() throws IOException {
    ProcessHandle child = childOfTerminatedParent("register");
    await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
  }

  @Test
  void anUnregisteredChildOutlivesItsParent() throws IOException {
    ProcessHandle child = childOfTerminatedParent("leave");
    try {
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(child::isAlive);
    } finally {
      child.destroyForcibly();
    }
  }

  private static ProcessHandle childOfTerminatedParent(String mode) throws IOException {
    Process parent =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    StopWithThisJvmTest.class.getName(),
                    mode))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      long pid = Long.parseLong(out.readLine().trim());
      Optional<ProcessHandle> child = ProcessHandle.of(pid);
      assertThat(child).as("the child process %d runs", pid).isPresent();
      parent.destroy(); // SIGTERM
      await().atMost(Duration.ofSeconds(30)).until(() -> !parent.isAlive());
      return child.get();
    } finally {
      parent.destroyForcibly();
    }
  }
}
