package io.pumpops.bench.buffer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.Percentiles;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.edge.uplink.DiskQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the edge buffer's durability costs: appends of a typical reading (about 200 bytes) with an
 * fsync each ({@code SYNC}, the default: nothing acknowledged is lost in a power cut) and without
 * ({@code PAGE_CACHE}: a process crash loses nothing, a power cut may), interleaved in rounds on
 * the same disk, so both see the same noise. A gateway appends one record per reading and
 * heartbeat, so appends/s is the ceiling of readings/s a site's box can take.
 */
@Command(
    name = "buffer",
    mixinStandardHelpOptions = true,
    description =
        "The edge store-and-forward buffer: appends/s and append latency with and without fsync.")
public final class BufferBench implements Callable<Integer> {

  @Option(
      names = "--appends",
      defaultValue = "20000",
      description = "appends per mode (default ${DEFAULT-VALUE})")
  int appends;

  @Option(
      names = "--dir",
      description = "where the buffer lives (default: a temporary folder under var/)")
  Path dir;

  @Mixin ResultsFolder results;

  @Override
  public Integer call() throws IOException {
    if (appends < 1000) {
      throw new IllegalArgumentException("--appends must be at least 1000");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = dir != null ? dir : Files.createDirectories(Path.of("var")).resolve("bench-buffer");
    Files.createDirectories(root);
    byte[] reading = sampleReading();
    ObjectNode json = report.start("buffer", "pumpops bench buffer --appends " + appends);
    json.put("recordBytes", reading.length);
    json.put("directory", root.toAbsolutePath().toString());

    Map<DiskQueue.Durability, long[]> nanos = new LinkedHashMap<>();
    Map<DiskQueue.Durability, Long> elapsed = new LinkedHashMap<>();
    for (DiskQueue.Durability mode : DiskQueue.Durability.values()) {
      nanos.put(mode, new long[appends]);
      elapsed.put(mode, 0L);
    }
    int round = 1000;
    for (int from = 0; from < appends; from += round) {
      for (DiskQueue.Durability mode : DiskQueue.Durability.values()) {
        Path folder = root.resolve(mode.name().toLowerCase() + "-" + from);
        try (DiskQueue queue =
            new DiskQueue(folder, 512L * 1024 * 1024, DiskQueue.FullPolicy.DROP_OLDEST, mode)) {
          long start = System.nanoTime();
          for (int i = from; i < Math.min(appends, from + round); i++) {
            long t = System.nanoTime();
            queue.append("pumps/site-a/pump-1/telemetry", reading);
            nanos.get(mode)[i] = System.nanoTime() - t;
          }
          elapsed.put(mode, elapsed.get(mode) + System.nanoTime() - start);
        }
        deleteTree(folder);
      }
    }

    console.printf(
        "edge buffer appends of a %d-byte reading, %d per mode, interleaved in rounds of %d, in %s%n",
        reading.length, appends, round, root.toAbsolutePath());
    console.printf(
        "  %-12s %12s %10s %10s %10s%n", "mode", "appends/s", "p50 µs", "p99 µs", "p99.9 µs");
    ObjectNode modes = json.putObject("modes");
    Map<String, double[]> series = new LinkedHashMap<>();
    for (DiskQueue.Durability mode : DiskQueue.Durability.values()) {
      long[] sorted = nanos.get(mode).clone();
      Arrays.sort(sorted);
      double rate = appends / (elapsed.get(mode) / 1e9);
      double p50 = Percentiles.of(sorted, 0.50) / 1e3;
      double p99 = Percentiles.of(sorted, 0.99) / 1e3;
      double p999 = Percentiles.of(sorted, 0.999) / 1e3;
      console.printf("  %-12s %12.0f %10.1f %10.1f %10.1f%n", mode, rate, p50, p99, p999);
      modes
          .putObject(mode.name())
          .put("appendsPerSecond", Math.round(rate))
          .put("p50Micros", p50)
          .put("p99Micros", p99)
          .put("p999Micros", p999);
      series.put(mode.name(), new double[] {rate});
    }
    report.finish(
        "buffer",
        json,
        new BarChart(
            "Edge buffer appends/s, fsync per append vs page cache (higher is better)",
            "appends/s",
            List.of("appends/s"),
            series));
    return 0;
  }

  /**
   * A typical reading as a sensor publishes it (206 bytes): what a gateway buffers and sends up.
   */
  public static byte[] sampleReading() {
    return ("{\"ts\":\"2026-11-30T10:00:00Z\",\"seq\":123456,\"readings\":{\"flowRate\":32.51,"
            + "\"pressure\":0.251,\"current\":2.13,\"voltage\":229.8,\"motorTemperature\":71.2,"
            + "\"fluidTemperature\":35.9,\"vibration1\":0.031,\"vibration2\":0.029}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Deletes a bench's scratch folder and everything in it; nothing when it is not there. */
  public static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var files = Files.walk(folder)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
