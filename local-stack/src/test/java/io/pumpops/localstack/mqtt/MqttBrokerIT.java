package io.pumpops.localstack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The MQTT features PumpOps relies on, against the stack's real broker. */
@ExtendWith(LocalStackExtension.class)
class MqttBrokerIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final StackAddresses stack;
  private final String prefix = "it/" + UUID.randomUUID();

  MqttBrokerIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void retainedMessageReachesASubscriberThatComesLater() throws Exception {
    String topic = prefix + "/edge/gw-1/desired";
    try (MqttTestClient publisher =
        MqttTestClient.connect(stack, "pub-" + UUID.randomUUID(), true)) {
      publisher.publish(topic, "model v3", 1, true);
    }

    try (MqttTestClient late = MqttTestClient.connect(stack, "late-" + UUID.randomUUID(), true)) {
      late.subscribe(topic, 1);

      await().atMost(WAIT).until(() -> !late.received().isEmpty());
      assertThat(late.received().get(0).payload()).isEqualTo("model v3");
      assertThat(late.received().get(0).retained()).isTrue();
    }
  }

  @Test
  void persistentSessionGetsTheQos1MessagesSentWhileItWasAway() throws Exception {
    String topic = prefix + "/pumps/s/p/telemetry";
    String clientId = "persistent-" + UUID.randomUUID();
    try (MqttTestClient subscriber = MqttTestClient.connect(stack, clientId, false)) {
      subscriber.subscribe(topic, 1);
      subscriber.disconnect();
    }
    try (MqttTestClient publisher =
        MqttTestClient.connect(stack, "pub-" + UUID.randomUUID(), true)) {
      for (int i = 0; i < 5; i++) {
        publisher.publish(topic, "reading " + i, 1, false);
      }
    }

    try (MqttTestClient back = MqttTestClient.connect(stack, clientId, false)) {
      await().atMost(WAIT).until(() -> back.received().size() == 5);
      assertThat(back.received())
          .extracting(MqttTestClient.Received::payload)
          .containsExactly("reading 0", "reading 1", "reading 2", "reading 3", "reading 4");
    }
  }

  /**
   * A shared subscription delivers each message to exactly one member of the group. How the broker
   * spreads a burst is its own policy (HiveMQ gives messages to whichever member has room, so one
   * fast member may take them all); what is guaranteed, and tested, is once-per-group delivery and
   * that the remaining members take over when one leaves.
   */
  @Test
  void sharedSubscriptionDeliversEachMessageToOneMemberAndSurvivesAMemberLeaving()
      throws Exception {
    String topic = prefix + "/pumps/site/pump/telemetry";
    try (MqttTestClient a = MqttTestClient.connect(stack, "share-a-" + UUID.randomUUID(), true);
        MqttTestClient b = MqttTestClient.connect(stack, "share-b-" + UUID.randomUUID(), true);
        MqttTestClient publisher =
            MqttTestClient.connect(stack, "pub-" + UUID.randomUUID(), true)) {
      a.subscribe("$share/ingest/" + topic, 1);
      b.subscribe("$share/ingest/" + topic, 1);
      publishNumbered(publisher, topic, 0, 40);

      await().atMost(WAIT).until(() -> payloads(a, b).size() >= 40);
      assertThat(payloads(a, b)).hasSize(40).doesNotHaveDuplicates();

      b.disconnect();
      int aBefore = a.received().size();
      publishNumbered(publisher, topic, 40, 10);

      await().atMost(WAIT).until(() -> a.received().size() >= aBefore + 10);
      assertThat(a.received().subList(aBefore, a.received().size()))
          .extracting(MqttTestClient.Received::payload)
          .containsExactlyInAnyOrder("40", "41", "42", "43", "44", "45", "46", "47", "48", "49");
      assertThat(payloads(a, b)).hasSize(50).doesNotHaveDuplicates();
    }
  }

  private static void publishNumbered(MqttTestClient publisher, String topic, int from, int count)
      throws Exception {
    for (int i = from; i < from + count; i++) {
      publisher.publish(topic, Integer.toString(i), 1, false);
    }
  }

  private static List<String> payloads(MqttTestClient a, MqttTestClient b) {
    List<String> all = new ArrayList<>();
    a.received().forEach(r -> all.add(r.payload()));
    b.received().forEach(r -> all.add(r.payload()));
    return all;
  }

  @Test
  void mqtt311ClientsConnectAndExchangeMessagesToo() throws Exception {
    String topic = prefix + "/v311";
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    MqttClient client =
        new MqttClient(stack.mqttUrl(), "v311-" + UUID.randomUUID(), new MemoryPersistence());
    try {
      client.connect(options311(true));
      client.subscribe(topic, 1, (t, m) -> received.add(new String(m.getPayload())));
      client.publish(topic, "hello".getBytes(), 1, false);

      await().atMost(WAIT).until(() -> received.size() == 1);
      assertThat(received).containsExactly("hello");
    } finally {
      client.disconnect();
      client.close();
    }
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        stack.mqttCredentials().isPresent(), "broker runs anonymous");
    MqttClient client =
        new MqttClient(stack.mqttUrl(), "intruder-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = options311(true);
    options.setPassword("not-the-password".toCharArray());
    try {
      assertThatThrownBy(() -> client.connect(options)).isInstanceOf(MqttSecurityException.class);
      assertThat(client.isConnected()).isFalse();
    } finally {
      client.close();
    }
  }

  private MqttConnectOptions options311(boolean withCredentials) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    if (withCredentials) {
      stack
          .mqttCredentials()
          .ifPresent(
              c -> {
                options.setUserName(c.username());
                options.setPassword(c.password().toCharArray());
              });
    }
    return options;
  }
}
