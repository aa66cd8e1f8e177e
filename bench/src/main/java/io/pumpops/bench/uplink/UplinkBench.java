package io.pumpops.bench.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.bench.buffer.BufferBench;
import io.pumpops.bench.report.BarChart;
import io.pumpops.bench.report.BenchReport;
import io.pumpops.bench.report.ResultsFolder;
import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.uplink.Batching;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.edge.uplink.Uplink;
import io.pumpops.localstack.mqtt.EmbeddedMqttBroker;
import io.pumpops.schemas.mqtt.MqttTopics;
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
 * How fast a gateway's buffer drains upstream: a backlog of readings of 20 pumps in the {@link
 * DiskQueue} (as after a site was offline) sent by the {@link Uplink} to an embedded HiveMQ CE: one
 * reading per message with one message in flight, with the uplink's window, and in site batches
 * (the gateway's default), in alternating rounds on the same broker. Timed from the uplink's start
 * until a subscriber has every reading and the buffer is empty, so it is what an operator waits for
 * after a cut.
 */
@Command(
    name = "uplink",
    mixinStandardHelpOptions = true,
    description =
        "The gateway uplink draining a buffered backlog: readings/s, one in flight, the window, site batches.")
public final class UplinkBench implements Callable<Integer> {

  @Option(
      names = "--messages",
      defaultValue = "20000",
      description = "backlog per round, in readings (default ${DEFAULT-VALUE})")
  int messages;

  /** One way of sending: how many messages in flight, how readings are packed. */
  private record Mode(String label, int window, Batching batching) {}

  private static final List<Mode> MODES =
      List.of(
          new Mode("1 in flight", 1, Batching.OFF),
          new Mode(Uplink.MAX_IN_FLIGHT + " in flight", Uplink.MAX_IN_FLIGHT, Batching.OFF),
          new Mode(
              Uplink.MAX_IN_FLIGHT + " in flight, site batches",
              Uplink.MAX_IN_FLIGHT,
              Batching.defaults()));
  private static final String SITE = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "rounds per window size (default ${DEFAULT-VALUE})")
  int rounds;

  @Mixin ResultsFolder results;

  @Override
  public Integer call() throws Exception {
    if (messages < 1000 || rounds < 1) {
      throw new IllegalArgumentException("--messages must be at least 1000 and --rounds positive");
    }
    BenchReport report = results.report();
    PrintStream console = report.out();
    Path root =
        Files.createDirectories(Path.of("var")).resolve("bench-uplink-" + UUID.randomUUID());
    byte[] reading = BufferBench.sampleReading();
    ObjectNode json =
        report.start(
            "uplink", "pumpops bench uplink --messages " + messages + " --rounds " + rounds);
    Map<Mode, Double> seconds = new LinkedHashMap<>();
    Map<Mode, Long> sent = new LinkedHashMap<>();
    MODES.forEach(
        m -> {
          seconds.put(m, 0.0);
          sent.put(m, 0L);
        });
    try (EmbeddedMqttBroker broker =
        new EmbeddedMqttBroker(
            new EmbeddedMqttBroker.Settings(root.resolve("broker"), 0, Optional.empty()))) {
      broker.start();
      for (int round = 1; round <= rounds; round++) {
        for (Mode mode : MODES) {
          long[] messagesSent = new long[1];
          double took =
              drain(
                  broker.url(),
                  root.resolve("buffer-" + round + "-" + MODES.indexOf(mode)),
                  reading,
                  mode,
                  messagesSent);
          seconds.put(mode, seconds.get(mode) + took);
          sent.put(mode, sent.get(mode) + messagesSent[0]);
          console.printf(
              "  round %d, %-26s %,d readings in %,d messages in %.1f s%n",
              round, mode.label() + ":", messages, messagesSent[0], took);
        }
      }
    } finally {
      BufferBench.deleteTree(root);
    }
    console.printf(
        "%ngateway uplink draining %,d buffered %d-byte readings to HiveMQ CE on this machine:%n",
        messages, reading.length);
    console.printf("  %-28s %12s %12s%n", "", "readings/s", "messages/s");
    ObjectNode readingRates = json.putObject("readingsPerSecond");
    ObjectNode messageRates = json.putObject("messagesPerSecond");
    Map<String, double[]> series = new LinkedHashMap<>();
    for (Mode mode : MODES) {
      double rate = messages * rounds / seconds.get(mode);
      double messageRate = sent.get(mode) / seconds.get(mode);
      console.printf("  %-28s %,12.0f %,12.0f%n", mode.label(), rate, messageRate);
      readingRates.put(mode.label(), Math.round(rate));
      messageRates.put(mode.label(), Math.round(messageRate));
      series.put(mode.label(), new double[] {rate});
    }
    report.finish(
        "uplink",
        json,
        new BarChart(
            "Gateway uplink drain, readings/s (higher is better)",
            "readings/s",
            List.of("readings/s"),
            series));
    return 0;
  }

  private double drain(String url, Path buffer, byte[] reading, Mode mode, long[] messagesSent)
      throws Exception {
    String pumps = "p" + UUID.randomUUID().toString().substring(0, 8) + "-";
    CountDownLatch all = new CountDownLatch(messages);
    MqttClient subscriber =
        new MqttClient(url, "bench-sub-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(1000);
    // Without TCP_NODELAY the subscriber's PUBACKs wait for delayed TCP acks and it, not the
    // uplink, tops out near a thousand messages/s (ingest-service README).
    options.setSocketFactory(NoDelaySockets.forUrl(url));
    subscriber.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String t, MqttMessage message) throws Exception {
            messagesSent[0]++;
            int readings =
                t.equals(MqttTopics.siteBatch(SITE))
                    ? JSON.readTree(message.getPayload()).size()
                    : 1;
            for (int i = 0; i < readings; i++) {
              all.countDown();
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    subscriber.connect(options);
    subscriber.subscribe(
        new String[] {MqttTopics.siteTelemetry(SITE), MqttTopics.siteBatch(SITE)},
        new int[] {1, 1});
    try (DiskQueue queue =
        new DiskQueue(
            buffer,
            512L * 1024 * 1024,
            DiskQueue.FullPolicy.DROP_OLDEST,
            DiskQueue.Durability.PAGE_CACHE)) {
      for (int i = 0; i < messages; i++) {
        queue.append(MqttTopics.telemetry(SITE, pumps + (i % 20)), reading);
      }
      long start = System.nanoTime();
      try (Uplink uplink =
          new Uplink(
              new GatewayConfig.Broker(url, Optional.empty(), Optional.empty()),
              "bench-gw-" + UUID.randomUUID(),
              queue,
              "edge/bench/desired",
              b -> {},
              mode.window(),
              SITE,
              mode.batching())) {
        uplink.start();
        if (!all.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              "the uplink did not drain " + messages + " messages in 10 minutes");
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
