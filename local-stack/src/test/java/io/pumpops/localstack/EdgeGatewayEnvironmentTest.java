package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeGatewayEnvironmentTest {

  private static final StackAddresses STACK =
      new StackAddresses(
          "127.0.0.1:9092",
          "http://127.0.0.1:8081",
          "tcp://127.0.0.1:1883",
          Optional.of(MqttCredentials.DEVELOPMENT));

  private static Map<String, String> variables(String siteBroker) {
    return new EdgeGatewayEnvironment(
            "gw-7", "site-7", Path.of("var/gw-7"), 8197, siteBroker, STACK, "public-key")
        .variables();
  }

  @Test
  void theGatewayLogsInToTheCentralBrokerAsItselfAndToItsOwnSiteBrokerWithout() {
    MqttCredentials own =
        MqttCredentials.DEVELOPMENT.forIdentity(MqttAccessPolicy.gateway("gw-7", "site-7"));

    Map<String, String> env = variables("tcp://127.0.0.1:2883");

    assertThat(env)
        .containsEntry("PUMPOPS_EDGE_GATEWAY_ID", "gw-7")
        .containsEntry("PUMPOPS_EDGE_SITE_ID", "site-7")
        .containsEntry("PUMPOPS_EDGE_HTTP_PORT", "8197")
        .containsEntry("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY", "public-key")
        .containsEntry("PUMPOPS_EDGE_UPLINK_MQTT_URL", "tcp://127.0.0.1:1883")
        .containsEntry("PUMPOPS_EDGE_UPLINK_MQTT_USERNAME", own.username())
        .containsEntry("PUMPOPS_EDGE_UPLINK_MQTT_PASSWORD", own.password())
        .containsEntry("PUMPOPS_EDGE_SITE_MQTT_URL", "tcp://127.0.0.1:2883")
        .containsEntry("PUMPOPS_EDGE_SITE_MQTT_USERNAME", "")
        .containsEntry("PUMPOPS_EDGE_SITE_MQTT_PASSWORD", "");
    assertThat(Path.of(env.get("PUMPOPS_EDGE_DATA_DIRECTORY")).isAbsolute()).isTrue();
    assertThat(env.get("PUMPOPS_EDGE_DATA_DIRECTORY")).endsWith("var/gw-7");
  }

  @Test
  void onTheCentralBrokerAsItsSiteBrokerItUsesItsOwnLoginForBoth() {
    Map<String, String> env = variables(STACK.mqttUrl());

    assertThat(env.get("PUMPOPS_EDGE_SITE_MQTT_USERNAME"))
        .isNotEmpty()
        .isEqualTo(env.get("PUMPOPS_EDGE_UPLINK_MQTT_USERNAME"));
    assertThat(env.get("PUMPOPS_EDGE_SITE_MQTT_PASSWORD"))
        .isEqualTo(env.get("PUMPOPS_EDGE_UPLINK_MQTT_PASSWORD"));
  }
}
