package io.pumpops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.support.MqttProbe;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TcpProxy;
import io.pumpops.schemas.mqtt.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink keeps several messages in flight and still loses none across a cut link: what was in
 * flight when the link went down is sent again, so every message arrives at least once, and the
 * buffer is empty only when the broker has acknowledged them all.
 */
@ExtendWith(LocalStackExtension.class)
class UplinkIT {

  private final StackAddresses stack;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dataDirectory;

  UplinkIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aCutInTheMiddleOfADrainLosesNothingAndTheBufferEmpties() throws Exception {
    String topic = "edge/uplink-" + run + "/test";
    int messages =
        10_000; // a few seconds of draining at the window's rate, so the cut lands mid-drain
    try (TcpProxy link = TcpProxy.forUrl(stack.mqttUrl());
        MqttProbe cloud = new MqttProbe(stack.mqttUrl(), stack.mqttCredentials()).subscribe(topic);
        DiskQueue queue =
            new DiskQueue(
                dataDirectory.resolve("buffer"), 50_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < messages; i++) {
        queue.append(topic, ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      GatewayConfig.Broker broker =
          new GatewayConfig.Broker(
              link.url(),
              stack.mqttCredentials().map(MqttCredentials::username),
              stack.mqttCredentials().map(MqttCredentials::password));
      try (Uplink uplink =
          new Uplink(
              broker, "gw-uplink-" + run, queue, "edge/gw-uplink-" + run + "/desired", b -> {})) {
        uplink.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> cloud.received(topic).size() >= messages / 10);
        link.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.isConnected());
        long leftWhenCut = queue.depth();
        assertThat(leftWhenCut).as("the cut came before the drain ended").isPositive();
        link.restore();
        await().atMost(Duration.ofSeconds(180)).until(() -> queue.depth() == 0);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> distinct(cloud.received(topic)).size() == messages);
      }
      List<MqttProbe.Received> received = cloud.received(topic);
      Set<String> distinct = distinct(received);
      assertThat(distinct).hasSize(messages);
      // At least once: a message in flight at the cut may arrive twice, but never more than the
      // window.
      assertThat(received.size() - messages).isBetween(0, 2 * Uplink.MAX_IN_FLIGHT);
      // In order, apart from resent copies: the first arrivals of the messages are in buffer order.
      assertThat(List.copyOf(distinct))
          .isEqualTo(java.util.stream.IntStream.range(0, messages).mapToObj(i -> "m" + i).toList());
    }
  }

  @Test
  void siteBatchesCarryEveryReadingAcrossACutAndTheOddOneGoesAlone() throws Exception {
    String site = "site-" + run;
    int readings = 20_000;
    Batching batching = new Batching(100, 16 * 1024, Duration.ofMillis(50));
    try (TcpProxy link = TcpProxy.forUrl(stack.mqttUrl());
        MqttProbe cloud =
            new MqttProbe(stack.mqttUrl(), stack.mqttCredentials())
                .subscribe(MqttTopics.siteBatch(site))
                .subscribe(MqttTopics.siteTelemetry(site));
        DiskQueue queue =
            new DiskQueue(
                dataDirectory.resolve("buffer"), 50_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      List<JsonNode> expected = new ArrayList<>();
      for (int i = 0; i < readings; i++) {
        String pump = "pump-" + (i % 20);
        // One reading in a thousand names a key twice: it could spoil a batch, so it goes alone.
        String json =
            i % 1000 == 999
                ? "{\"seq\":" + i + ",\"readings\":{\"current\":1.5,\"current\":1.5}}"
                : "{\"ts\":"
                    + (1_700_000_000_000L + i)
                    + ",\"seq\":"
                    + i
                    + ",\"readings\":{\"current\":1.5}}";
        queue.append(MqttTopics.telemetry(site, pump), json.getBytes(StandardCharsets.UTF_8));
        if (i % 1000 != 999) {
          expected.add(MqttProbe.reading(pump, json));
        }
      }
      GatewayConfig.Broker broker =
          new GatewayConfig.Broker(
              link.url(),
              stack.mqttCredentials().map(MqttCredentials::username),
              stack.mqttCredentials().map(MqttCredentials::password));
      try (Uplink uplink =
          new Uplink(
              broker,
              "gw-batch-" + run,
              queue,
              "edge/gw-batch-" + run + "/desired",
              b -> {},
              Uplink.MAX_IN_FLIGHT,
              site,
              batching)) {
        uplink.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> cloud.received(MqttTopics.siteBatch(site)).size() >= 5);
        link.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.isConnected());
        assertThat(queue.depth()).as("the cut came before the drain ended").isPositive();
        link.restore();
        await().atMost(Duration.ofSeconds(180)).until(() -> queue.depth() == 0);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> new LinkedHashSet<>(cloud.readings(site)).size() == readings);
      }
      List<MqttProbe.Received> batches = cloud.received(MqttTopics.siteBatch(site));
      assertThat(batches)
          .allSatisfy(b -> assertThat(b.payload().length()).isLessThanOrEqualTo(16 * 1024));
      assertThat(cloud.received("pumps/" + site + "/"))
          .as("the twenty odd readings, alone")
          .hasSizeBetween(20, 20 + Uplink.MAX_IN_FLIGHT);
      List<JsonNode> arrived = cloud.readings(site);
      Set<JsonNode> distinct = new LinkedHashSet<>(arrived);
      assertThat(distinct).hasSize(readings);
      // At least once: the messages in flight at the cut may arrive twice, never more than the
      // window's readings.
      assertThat(arrived.size() - readings)
          .isBetween(0, 2 * Uplink.MAX_IN_FLIGHT * batching.maxReadings());
      assertThat(distinct.stream().filter(r -> r.has("ts")).toList())
          .as("first arrivals in buffer order")
          .isEqualTo(expected);
      assertThat(batches.size()).as("readings per message").isLessThan(readings / 20);
    }
  }

  private static Set<String> distinct(List<MqttProbe.Received> received) {
    Set<String> payloads = new LinkedHashSet<>();
    received.forEach(r -> payloads.add(r.payload()));
    return payloads;
  }
}
