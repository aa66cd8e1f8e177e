package io.pumpops.schemas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttTopicsTest {

  @Test
  void gatewayTopicsAreRecognisedAndOthersAreNot() {
    assertThat(MqttTopics.edgeKind(MqttTopics.status("gw-1"))).contains(MqttTopics.EdgeKind.STATUS);
    assertThat(MqttTopics.edgeKind(MqttTopics.anomalies("gw-1")))
        .contains(MqttTopics.EdgeKind.ANOMALIES);
    assertThat(MqttTopics.edgeKind(MqttTopics.desired("gw-1"))).isEmpty();
    assertThat(MqttTopics.edgeKind(MqttTopics.telemetry("site", "p1"))).isEmpty();
    assertThat(MqttTopics.edgeKind("edge//status")).isEmpty();
    assertThat(MqttTopics.gatewayOf(MqttTopics.status("gw-7"))).isEqualTo("gw-7");
  }
}
