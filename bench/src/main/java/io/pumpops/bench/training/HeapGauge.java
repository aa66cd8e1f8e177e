package io.pumpops.bench.training;

import java.util.OptionalDouble;

/**
 * A service's heap, read from its Prometheus page: in use right now (the sum of Micrometer's {@code
 * jvm_memory_used_bytes} over the heap's memory pools, which grows towards -Xmx between collections
 * whatever the service holds) and live after the last full reclamation ({@code
 * jvm_gc_live_data_size_bytes}, what the service actually holds).
 */
public final class HeapGauge {

  private static final String METRIC = "jvm_memory_used_bytes{";
  private static final String LIVE_DATA = "jvm_gc_live_data_size_bytes";

  private HeapGauge() {}

  /**
   * @param prometheusText the page's text exposition
   * @return bytes of heap in use, or empty when the page has no heap pool
   */
  public static OptionalDouble heapUsedBytes(String prometheusText) {
    double sum = 0;
    boolean found = false;
    for (String line : prometheusText.split("\n")) {
      if (!line.startsWith(METRIC)) {
        continue;
      }
      int labelsEnd = line.lastIndexOf('}');
      if (labelsEnd < 0 || !line.substring(0, labelsEnd).contains("area=\"heap\"")) {
        continue;
      }
      String[] value = line.substring(labelsEnd + 1).trim().split("\\s+");
      sum += Double.parseDouble(value[0]);
      found = true;
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /**
   * @return bytes of the old generation live after the latest reclamation, or empty when the page
   *     does not have it (no collection of the old generation yet)
   */
  public static OptionalDouble liveAfterGcBytes(String prometheusText) {
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(LIVE_DATA + " ") || line.startsWith(LIVE_DATA + "{")) {
        int valueStart = line.indexOf('}') >= 0 ? line.indexOf('}') + 1 : LIVE_DATA.length();
        double value = Double.parseDouble(line.substring(valueStart).trim().split("\\s+")[0]);
        return value > 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
      }
    }
    return OptionalDouble.empty();
  }
}
