package io.pumpops.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void aRunningProcessHasAResidentSetAndAPeakNoSmallerThanIt() {
    assumeTrue(
        Files.isReadable(Path.of("/proc/self/status")), "reads Linux's /proc; not Linux here");
    byte[] touched = new byte[64 << 20];
    java.util.Arrays.fill(touched, (byte) 1);
    ProcessMemory memory = ProcessMemory.self();
    assertThat(memory.rssKb()).isPresent();
    assertThat(memory.peakRssKb()).isPresent();
    assertThat(memory.rssMb()).isGreaterThan(64);
    assertThat(memory.peakRssMb()).isGreaterThanOrEqualTo(memory.rssMb());
    assertThat(touched[touched.length - 1]).isEqualTo((byte) 1);
  }

  @Test
  void aProcessThatIsGoneHasNoFigures() throws Exception {
    Process ended =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    ended.waitFor();
    ProcessMemory memory = ProcessMemory.of(ended.pid());
    assertThat(memory.rssKb()).isEmpty();
    assertThat(memory.peakRssMb()).isNaN();
  }
}
