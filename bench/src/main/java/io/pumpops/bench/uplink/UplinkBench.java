package io.pumpops.bench.uplink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.buffer.BufferBench;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.edge.uplink.Uplink;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How fast a gateway's buffer drains upstream: a backlog of readings in the {@link DiskQueue}
 * (as after a site was offline) sent by the {@link Uplink} to an embedded HiveMQ CE, with one
 * message in flight at a time and with the uplink's window, in alternating rounds on the same
 * broker. Timed from the uplink's start until a subscriber has every message and the buffer is
 * empty, so it is what an operator waits for after a cut.
 */
@Command(name = "uplink", mixinStandardHelpOptions = true,
    description = "The gateway uplink draining a buffered backlog: messages/s, one in flight vs the window.")
public final class UplinkBench implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "20000", description = "backlog per round (default ${DEFAULT-VALUE})")
  int messages;

  @Option(names = "--rounds", defaultValue = "3", description = "rounds per window size (default ${DEFAULT-VALUE})")
  int rounds;

  @Mixin
  ResultsFolder results;

  @Override
  public Integer call() throws Exception {
    if (messages < 1000 || rounds < 1) {
      throw new IllegalArgumentException("--messages must be at least 1000 and --rounds positive");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root = Files.createDirectories(Path.of("var")).resolve("bench-uplink-" + UUID.randomUUID());
    byte[] reading = BufferBench.sampleReading();
    ObjectNode json = report.start("uplink", "pumpops bench uplink --messages " + messages + " --rounds " + rounds);
    List<Integer> windows = List.of(1, Uplink.MAX_IN_FLIGHT);
    Map<Integer, Double> seconds = new LinkedHashMap<>();
    windows.forEach(w -> seconds.put(w, 0.0));
    try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker(
        new EmbeddedMqttBroker.Settings(root.resolve("broker"), 0, Optional.empty()))) {
      broker.start();
      for (int round = 1; round <= rounds; round++) {
        for (int window : windows) {
          double took = drain(broker.url(), root.resolve("buffer-" + round + "-" + window), reading, window);
          seconds.put(window, seconds.get(window) + took);
          console.printf("  round %d, %2d in flight: %,d messages in %.1f s%n", round, window, messages, took);
        }
      }
    } finally {
      BufferBench.deleteTree(root);
    }
    console.printf("%ngateway uplink draining %,d buffered %d-byte readings to HiveMQ CE on this machine:%n",
        messages, reading.length);
    console.printf("  %-14s %14s%n", "in flight", "messages/s");
    ObjectNode figures = json.putObject("messagesPerSecond");
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int window : windows) {
      double rate = messages * rounds / seconds.get(window);
      console.printf("  %-14d %,14.0f%n", window, rate);
      figures.put(Integer.toString(window), Math.round(rate));
      series.put(window + " in flight", new double[] {rate});
    }
    report.finish("uplink", json, new BarChart("Gateway uplink drain, messages/s (higher is better)", "messages/s",
        List.of("messages/s"), series));
    return 0;
  }

  private double drain(String url, Path buffer, byte[] reading, int window) throws Exception {
    String topic = "pumps/bench/" + UUID.randomUUID() + "/telemetry";
    CountDownLatch all = new CountDownLatch(messages);
    MqttClient subscriber = new MqttClient(url, "bench-sub-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(1000);
    // Without TCP_NODELAY the subscriber's PUBACKs wait for delayed TCP acks and it, not the uplink,
    // tops out near a thousand messages/s (ingest-service README).
    options.setSocketFactory(NoDelaySockets.forUrl(url));
    subscriber.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String t, MqttMessage message) {
        all.countDown();
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    subscriber.connect(options);
    subscriber.subscribe(topic, 1);
    try (DiskQueue queue = new DiskQueue(buffer, 512L * 1024 * 1024, DiskQueue.FullPolicy.DROP_OLDEST,
        DiskQueue.Durability.PAGE_CACHE)) {
      for (int i = 0; i < messages; i++) {
        queue.append(topic, reading);
      }
      long start = System.nanoTime();
      try (Uplink uplink = new Uplink(new GatewayConfig.Broker(url, Optional.empty(), Optional.empty()),
          "bench-gw-" + UUID.randomUUID(), queue, "edge/bench/desired", b -> { }, window)) {
        uplink.start();
        if (!all.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the uplink did not drain " + messages + " messages in 10 minutes");
        }
        while (queue.depth() > 0) {
          LockSupport.parkNanos(1_000_000); // the last PUBACKs
        }
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      disconnect(subscriber);
    }
  }

  private static void disconnect(MqttClient client) throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
