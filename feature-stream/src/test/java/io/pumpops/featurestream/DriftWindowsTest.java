package io.pumpops.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.features.drift.DriftMonitoring;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The drift windows' sample and state, on their own: a window fuller than its capacity keeps the
 * same rows whichever order they come in, and counting a row writes a row and a tally to the
 * changelogs, not the window's sample. (FeatureTopologyDriftTest covers when windows close, revise
 * and are compared with champions.)
 */
class DriftWindowsTest {

  private static final String APP = "drift-windows-test";
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final DriftMonitoring MONITORING =
      new DriftMonitoring(Duration.ofMinutes(10), Duration.ofMinutes(10), List.of("a", "b"));
  private static final int CAPACITY = 50;
  private static final int PUMPS = 400;

  /** Each published window as "feature start revision: values", in publishing order. */
  private static final class Describe
      implements Processor<String, DriftWindows.Output, String, String> {
    private ProcessorContext<String, String> context;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, DriftWindows.Output> record) {
      if (record.value() instanceof DriftWindows.Output.Window w) {
        long counted =
            w.sample().ranges("pump.features").stream().mapToLong(r -> r.getRecordCount()).sum();
        context.forward(
            record
                .withKey(w.feature() + " " + w.startMillis() + " r" + w.revision())
                .withValue(
                    counted + " counted; kept " + java.util.Arrays.toString(w.sample().values())));
      }
    }
  }

  private static TopologyTestDriver driver() {
    Topology topology = new Topology();
    topology.addSource("rows", new StringDeserializer(), FeatureRow.serde().deserializer(), "rows");
    topology.addProcessor(
        "drift-windows",
        () ->
            new DriftWindows(
                MONITORING,
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                CAPACITY),
        "rows");
    DriftWindows.stores().forEach(store -> topology.addStateStore(store, "drift-windows"));
    topology.addProcessor("describe", Describe::new, "drift-windows");
    topology.addSink("out", "out", new StringSerializer(), new StringSerializer(), "describe");
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(topology, config, T0);
  }

  /** Each pump's window in the first drift window, then the minute that closes it. */
  private static List<FeatureRow> firstWindowRows() {
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < PUMPS; i++) {
      rows.add(
          new FeatureRow(
              new double[] {i, i * 2.0},
              i % 3,
              i,
              T0.plus(Duration.ofMinutes(i % 10)).toEpochMilli(),
              "pump-" + i));
    }
    return rows;
  }

  private static List<FeatureRow> closingRows() {
    List<FeatureRow> rows = new ArrayList<>();
    for (int i = 0; i < PUMPS; i++) {
      rows.add(
          new FeatureRow(
              new double[] {0, 0},
              i % 3,
              PUMPS + i,
              T0.plus(Duration.ofMinutes(11)).toEpochMilli(),
              "pump-" + i));
    }
    return rows;
  }

  private static Map<String, String> published(List<FeatureRow> rows) {
    try (TopologyTestDriver driver = driver()) {
      var in =
          driver.createInputTopic("rows", new StringSerializer(), FeatureRow.serde().serializer());
      rows.forEach(row -> in.pipeInput(PoolFeatureRows.FLEET, row));
      closingRows().forEach(row -> in.pipeInput(PoolFeatureRows.FLEET, row));
      return new TreeMap<>(
          driver
              .createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
              .readKeyValuesToMap());
    }
  }

  @Test
  void aFullWindowKeepsTheSameRowsWhicheverOrderTheyArriveIn() {
    List<FeatureRow> shuffled = new ArrayList<>(firstWindowRows());
    Collections.shuffle(shuffled, new Random(7));

    Map<String, String> inOrder = published(firstWindowRows());
    Map<String, String> outOfOrder = published(shuffled);

    String first = "a " + T0.toEpochMilli() + " r0";
    assertThat(inOrder).containsKeys(first, "b " + T0.toEpochMilli() + " r0");
    assertThat(inOrder.get(first)).startsWith(PUMPS + " counted");
    assertThat(inOrder.get(first).split(",")).hasSize(CAPACITY);
    assertThat(outOfOrder).isEqualTo(inOrder);
    // The sample is the rows of smallest draw among all the window counted, in draw order.
    double[] smallestDraws =
        firstWindowRows().stream()
            .sorted((x, y) -> Long.compareUnsigned(x.draw(), y.draw()))
            .limit(CAPACITY)
            .mapToDouble(row -> row.values()[0])
            .toArray();
    assertThat(inOrder.get(first)).endsWith("kept " + java.util.Arrays.toString(smallestDraws));
  }

  @Test
  void aWindowStoresAtMostTwiceItsCapacity() {
    try (TopologyTestDriver driver = driver()) {
      var in =
          driver.createInputTopic("rows", new StringSerializer(), FeatureRow.serde().serializer());
      firstWindowRows().forEach(row -> in.pipeInput(PoolFeatureRows.FLEET, row));

      long stored = 0;
      try (var all = driver.<String, double[]>getKeyValueStore(DriftWindows.ROWS).all()) {
        while (all.hasNext()) {
          all.next();
          stored++;
        }
      }
      assertThat(stored).isGreaterThanOrEqualTo(CAPACITY).isLessThan(2L * CAPACITY);
    }
  }

  @Test
  void countingAPumpWindowWritesARowAndATallyNotTheWindowsSample() {
    try (TopologyTestDriver driver = driver()) {
      var in =
          driver.createInputTopic("rows", new StringSerializer(), FeatureRow.serde().serializer());
      firstWindowRows().forEach(row -> in.pipeInput(PoolFeatureRows.FLEET, row));

      long bytes = 0;
      for (String store : List.of(DriftWindows.ROWS, DriftWindows.TALLIES)) {
        var changelog =
            driver.createOutputTopic(
                APP + "-" + store + "-changelog",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        for (var record : changelog.readRecordsToList()) {
          bytes += record.key().length + (record.value() == null ? 0 : record.value().length);
        }
      }
      // A row is 16 bytes of values and a 40-byte key, a tally about 80 bytes; a row dropped from a
      // full sample adds a tombstone. Rewriting the sample per row would be ~PUMPS * CAPACITY * 8.
      assertThat(bytes)
          .as("changelog bytes for %d pump windows", PUMPS)
          .isGreaterThan(PUMPS * 16L)
          .isLessThan(PUMPS * 250L);
    }
  }
}
