package io.pumpops.bench.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapGaugeTest {

  @Test
  void sumsTheHeapPoolsOnlyWhateverTheLabelOrder() {
    String page =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
        jvm_memory_used_bytes{id="G1 Old Gen",area="heap"} 2.5E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
        jvm_memory_used_bytes_total{area="heap",id="other"} 5.0E9
        jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 3.2E8
        """;

    assertThat(HeapGauge.heapUsedBytes(page)).hasValue(3.5e7);
  }

  @Test
  void aPageWithoutHeapPoolsHasNoValue() {
    assertThat(HeapGauge.heapUsedBytes("process_uptime_seconds 12.0\n")).isEmpty();
  }

  @Test
  void liveDataAfterGcIsItsOwnGaugeAndZeroMeansNotYetMeasured() {
    String page =
        """
        # TYPE jvm_gc_live_data_size_bytes gauge
        jvm_gc_live_data_size_bytes 4.2E7
        jvm_gc_live_data_size_bytes_max 9.0E9
        """;

    assertThat(HeapGauge.liveAfterGcBytes(page)).hasValue(4.2e7);
    assertThat(HeapGauge.liveAfterGcBytes("jvm_gc_live_data_size_bytes 0.0\n")).isEmpty();
    assertThat(HeapGauge.liveAfterGcBytes("jvm_memory_used_bytes{area=\"heap\"} 1.0\n")).isEmpty();
  }
}
