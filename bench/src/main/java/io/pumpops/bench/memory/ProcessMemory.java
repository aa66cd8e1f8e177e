package io.pumpops.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's resident memory as Linux reports it in {@code /proc/<pid>/status}: the current
 * resident set ({@code VmRSS}) and its high-water mark since the process started ({@code VmHWM}),
 * which is the peak the benchmarks report. Elsewhere than Linux both are empty.
 */
public record ProcessMemory(long pid, OptionalLong rssKb, OptionalLong peakRssKb) {

  public static ProcessMemory of(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    OptionalLong rss = OptionalLong.empty();
    OptionalLong peak = OptionalLong.empty();
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line);
        }
      }
    } catch (IOException e) {
      // not Linux, or the process has ended: nothing to report
    }
    return new ProcessMemory(pid, rss, peak);
  }

  public static ProcessMemory self() {
    return of(ProcessHandle.current().pid());
  }

  /** The peak in MB, or NaN when unknown. */
  public double peakRssMb() {
    return peakRssKb.isPresent() ? peakRssKb.getAsLong() / 1024.0 : Double.NaN;
  }

  public double rssMb() {
    return rssKb.isPresent() ? rssKb.getAsLong() / 1024.0 : Double.NaN;
  }

  private static OptionalLong kilobytes(String line) {
    // "VmHWM:	  123456 kB"
    String[] parts = line.trim().split("\\s+");
    return parts.length >= 2 ? OptionalLong.of(Long.parseLong(parts[1])) : OptionalLong.empty();
  }
}
