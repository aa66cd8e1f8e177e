package io.pumpops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pumpops.ingest.support.Sensors;
import io.pumpops.ingest.support.TestIngest;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.localstack.junit.TopicReader;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.serde.AvroJson;
import io.pumpops.schemas.telemetry.SiteBatch;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each MQTT identity of the embedded broker may use only the topics of its job: a sensor's login
 * cannot forge a gateway's heartbeat (which deploy-service bases automatic rollbacks on), one
 * gateway cannot speak for another, and only deploy-service writes desired states.
 */
@ExtendWith(LocalStackExtension.class)
class MqttIdentitiesIT {

  private final StackAddresses stack;
  private final MqttCredentials superuser;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String site = "site-" + run;
  private final String gateway = "gw-" + run;

  MqttIdentitiesIT(StackAddresses stack) {
    this.stack = stack;
    assumeTrue(
        stack.mqttCredentials().isPresent(),
        "this stack's broker has no logins (Testcontainers' Mosquitto)");
    this.superuser = stack.mqttCredentials().get();
  }

  @Test
  void eachIdentityReachesOnlyTheTopicsOfItsJob() throws Exception {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    EdgeStatus forged = status(gateway, "forged", now);
    EdgeStatus genuine = status(gateway, "genuine", now.plusSeconds(1));
    MqttCredentials sensor = superuser.forIdentity(MqttAccessPolicy.sensor(site));
    MqttCredentials ourGateway = superuser.forIdentity(MqttAccessPolicy.gateway(gateway, site));
    MqttCredentials otherGateway =
        superuser.forIdentity(MqttAccessPolicy.gateway("gw-other-" + run, site));

    try (IngestService ingest = startIngestAs(superuser.forIdentity(MqttAccessPolicy.INGEST));
        TopicReader<EdgeStatus> statuses =
            new TopicReader<>(stack, Topics.EDGE_STATUS, s -> s.getGatewayId().equals(gateway));
        TopicReader<PumpReading> telemetry =
            new TopicReader<>(
                stack, Topics.PUMP_TELEMETRY, r -> r.getPumpId().startsWith("p-" + run))) {
      // Refused: a sensor and another gateway speaking for this gateway; a sensor of another site.
      assertThat(tryPublish(sensor, MqttTopics.status(gateway), AvroJson.encode(forged))).isFalse();
      assertThat(tryPublish(otherGateway, MqttTopics.status(gateway), AvroJson.encode(forged)))
          .isFalse();
      assertThat(
              tryPublish(
                  sensor,
                  MqttTopics.telemetry("elsewhere-" + run, "p-" + run + "-x"),
                  bytes(Sensors.reading(1, now))))
          .isFalse();
      // A site batch speaks for every pump of a site: only that site's gateways may send one.
      byte[] batch =
          SiteBatch.of(
              List.of(
                  SiteBatch.element("p-" + run + "-b1", bytes(Sensors.reading(1, now)))
                      .orElseThrow(),
                  SiteBatch.element("p-" + run + "-b2", bytes(Sensors.reading(1, now)))
                      .orElseThrow()));
      assertThat(tryPublish(sensor, MqttTopics.siteBatch(site), batch)).isFalse();
      assertThat(
              tryPublish(
                  superuser.forIdentity(MqttAccessPolicy.gateway(gateway, "elsewhere-" + run)),
                  MqttTopics.siteBatch(site),
                  batch))
          .isFalse();
      // Allowed: the gateway's own heartbeat and its site's batch, the sensor's own site.
      assertThat(tryPublish(ourGateway, MqttTopics.status(gateway), AvroJson.encode(genuine)))
          .isTrue();
      assertThat(
              tryPublish(
                  sensor, MqttTopics.telemetry(site, "p-" + run), bytes(Sensors.reading(1, now))))
          .isTrue();
      assertThat(tryPublish(ourGateway, MqttTopics.siteBatch(site), batch)).isTrue();

      List<PumpReading> readings = telemetry.awaitAtLeast(3, Duration.ofSeconds(30));
      assertThat(readings).extracting(PumpReading::getSiteId).containsOnly(site);
      assertThat(readings)
          .extracting(PumpReading::getPumpId)
          .containsExactlyInAnyOrder("p-" + run, "p-" + run + "-b1", "p-" + run + "-b2");
      List<EdgeStatus> arrived = statuses.awaitAtLeast(1, Duration.ofSeconds(30));
      assertThat(arrived).extracting(EdgeStatus::getEventId).containsExactly("genuine");
      assertThat(ingest.mqttConnected()).isTrue();
    }
  }

  @Test
  void onlyDeployServiceWritesADesiredStateAndAGatewayReadsOnlyItsOwn() throws Exception {
    MqttCredentials ourGateway = superuser.forIdentity(MqttAccessPolicy.gateway(gateway, site));
    List<String> received = new CopyOnWriteArrayList<>();
    MqttClient watcher = connect(superuser);
    watcher.subscribe(
        MqttTopics.desired(gateway),
        1,
        (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
    try {
      assertThat(
              tryPublish(ourGateway, MqttTopics.desired(gateway), bytes("{\"from\":\"gateway\"}")))
          .isFalse();
      assertThat(
              tryPublish(
                  superuser.forIdentity(MqttAccessPolicy.sensor(site)),
                  MqttTopics.desired(gateway),
                  bytes("{\"from\":\"sensor\"}")))
          .isFalse();
      assertThat(
              tryPublish(
                  superuser.forIdentity(MqttAccessPolicy.DEPLOY),
                  MqttTopics.desired(gateway),
                  bytes("{\"from\":\"deploy\"}")))
          .isTrue();

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !received.isEmpty());
      assertThat(received).containsExactly("{\"from\":\"deploy\"}");
      // A gateway may not even listen to another gateway's desired state.
      MqttClient gatewayClient = connect(ourGateway);
      try {
        int[] granted =
            gatewayClient
                .subscribeWithResponse(MqttTopics.desired("gw-other-" + run), 1)
                .getGrantedQos();
        assertThat(granted).containsExactly(0x80);
      } finally {
        gatewayClient.disconnectForcibly();
        gatewayClient.close();
      }
    } finally {
      watcher.disconnect();
      watcher.close();
    }
  }

  @Test
  void anIdentityWithTheWrongPasswordOrAnUnknownNameCannotConnect() {
    MqttCredentials sensor = superuser.forIdentity(MqttAccessPolicy.sensor(site));
    assertThatThrownBy(() -> connect(new MqttCredentials(sensor.username(), superuser.password())))
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> connect(superuser.forIdentity("someone")))
        .isInstanceOf(MqttException.class);
  }

  private IngestService startIngestAs(MqttCredentials login) {
    return TestIngest.start(
        stack,
        Optional.of(login),
        "ingest-id-" + run,
        site,
        List.of(MqttTopics.status(gateway), MqttTopics.siteBatch(site)),
        "g-id-" + run,
        5,
        TelemetryRules.defaults(),
        new SimpleMeterRegistry());
  }

  /**
   * Whether the broker took the message (QoS 1 acknowledged); a refused publish ends the
   * connection.
   */
  private boolean tryPublish(MqttCredentials login, String topic, byte[] payload)
      throws MqttException {
    MqttClient client = connect(login);
    try {
      client.publish(topic, payload, 1, false);
      return true;
    } catch (MqttException refused) {
      return false;
    } finally {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
  }

  private MqttClient connect(MqttCredentials login) throws MqttException {
    MqttClient client =
        new MqttClient(stack.mqttUrl(), "id-it-" + UUID.randomUUID(), new MemoryPersistence());
    client.setTimeToWait(5_000);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(login.username());
    options.setPassword(login.password().toCharArray());
    options.setConnectionTimeout(10);
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private static EdgeStatus status(String gatewayId, String eventId, Instant at) {
    return EdgeStatus.newBuilder()
        .setEventId(eventId)
        .setEventTime(at)
        .setGatewayId(gatewayId)
        .setSiteId("site-x")
        .setHardwareClass("x86-64-standard")
        .setOnnxRuntimeVersion("1.29.0")
        .setModelName("pump-anomaly")
        .setModelVersion(1)
        .setBufferDepth(0)
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
