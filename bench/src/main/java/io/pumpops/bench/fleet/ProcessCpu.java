package io.pumpops.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time so far, from Linux's {@code /proc/<pid>/stat} (user + system, in clock ticks
 * of 1/100 s); NaN elsewhere or once the process is gone.
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** CPU seconds the process has used. */
  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; the fields after it are split by spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
