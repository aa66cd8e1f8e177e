package io.pumpops.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.ingest.support.Sensors;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MQTT 5 source renews its shared subscriptions on the embedded HiveMQ CE (ADR 8) without
 * losing or repeating a message delivered between renewals.
 */
@ExtendWith(LocalStackExtension.class)
class SubscriptionRenewalIT {

  private final StackAddresses stack;

  SubscriptionRenewalIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void renewingTheSharedSubscriptionKeepsEveryMessageOnce() throws Exception {
    String site = "renew-" + UUID.randomUUID();
    MqttSettings settings =
        new MqttSettings(
            stack.mqttUrl(),
            stack.mqttCredentials().map(MqttCredentials::username),
            stack.mqttCredentials().map(MqttCredentials::password),
            "ingest-" + site,
            5,
            "g-" + site,
            "pumps/" + site + "/+/telemetry",
            List.of(),
            100,
            Duration.ofMinutes(10),
            Duration.ofMillis(200));
    Queue<String> received = new ConcurrentLinkedQueue<>();
    try (Mqtt5TelemetrySource source = new Mqtt5TelemetrySource(settings);
        Sensors sensors = new Sensors(stack, site)) {
      source.start(
          (topic, payload, acknowledge) -> {
            received.add(new String(payload, StandardCharsets.UTF_8));
            acknowledge.run();
          });
      int messages = 0;
      // Publish while renewals happen, until several have: each renewal is a SUBSCRIBE on a live
      // session.
      while (source.renewals() < 5) {
        messages++;
        sensors.publish("pump-1", Sensors.reading(messages, Instant.now()));
        int expected = messages;
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= expected);
      }
      int sent = messages;
      await().atMost(Duration.ofSeconds(30)).until(() -> source.renewals() >= 6);
      assertThat(received).hasSize(sent).doesNotHaveDuplicates();
      assertThat(source.isConnected()).isTrue();
    }
  }
}
