package io.pumpops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.edge.GatewayConfig;
import io.pumpops.edge.support.MqttProbe;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

  @TempDir
  Path dataDirectory;

  UplinkIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void aCutInTheMiddleOfADrainLosesNothingAndTheBufferEmpties() throws Exception {
    String topic = "edge/uplink-" + run + "/test";
    int messages = 10_000; // a few seconds of draining at the window's rate, so the cut lands mid-drain
    try (TcpProxy link = TcpProxy.forUrl(stack.mqttUrl());
         MqttProbe cloud = new MqttProbe(stack.mqttUrl(), stack.mqttCredentials()).subscribe(topic);
         DiskQueue queue = new DiskQueue(dataDirectory.resolve("buffer"), 50_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < messages; i++) {
        queue.append(topic, ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      GatewayConfig.Broker broker = new GatewayConfig.Broker(link.url(),
          stack.mqttCredentials().map(MqttCredentials::username), stack.mqttCredentials().map(MqttCredentials::password));
      try (Uplink uplink = new Uplink(broker, "gw-uplink-" + run, queue, "edge/gw-uplink-" + run + "/desired", b -> { })) {
        uplink.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
            .until(() -> cloud.received(topic).size() >= messages / 10);
        link.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.isConnected());
        long leftWhenCut = queue.depth();
        assertThat(leftWhenCut).as("the cut came before the drain ended").isPositive();
        link.restore();
        await().atMost(Duration.ofSeconds(180)).until(() -> queue.depth() == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(cloud.received(topic)).size() == messages);
      }
      List<MqttProbe.Received> received = cloud.received(topic);
      Set<String> distinct = distinct(received);
      assertThat(distinct).hasSize(messages);
      // At least once: a message in flight at the cut may arrive twice, but never more than the window.
      assertThat(received.size() - messages).isBetween(0, 2 * Uplink.MAX_IN_FLIGHT);
      // In order, apart from resent copies: the first arrivals of the messages are in buffer order.
      assertThat(List.copyOf(distinct)).isEqualTo(java.util.stream.IntStream.range(0, messages)
          .mapToObj(i -> "m" + i).toList());
    }
  }

  private static Set<String> distinct(List<MqttProbe.Received> received) {
    Set<String> payloads = new LinkedHashSet<>();
    received.forEach(r -> payloads.add(r.payload()));
    return payloads;
  }
}
