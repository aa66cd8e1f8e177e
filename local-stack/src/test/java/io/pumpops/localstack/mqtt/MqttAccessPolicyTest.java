package io.pumpops.localstack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.MqttCredentials;
import org.junit.jupiter.api.Test;

class MqttAccessPolicyTest {

  @Test
  void identitiesAreConfinedToTheirOwnSiteAndGateway() {
    assertThat(MqttAccessPolicy.permissions("sensor:site-a").orElseThrow())
        .containsExactly(
            new MqttAccessPolicy.Permission(
                "pumps/site-a/+/telemetry", MqttAccessPolicy.Activity.PUBLISH));
    assertThat(MqttAccessPolicy.permissions("gateway:gw-1:site-a").orElseThrow())
        .extracting(MqttAccessPolicy.Permission::topicFilter)
        .contains("edge/gw-1/status", "edge/gw-1/desired")
        .doesNotContain("edge/+/desired", "edge/+/status");
  }

  @Test
  void namesWithWildcardsOrUnknownShapesGetNothing() {
    assertThat(MqttAccessPolicy.permissions("sensor:#")).isEmpty();
    assertThat(MqttAccessPolicy.permissions("sensor:+")).isEmpty();
    assertThat(MqttAccessPolicy.permissions("gateway:gw-1")).isEmpty();
    assertThat(MqttAccessPolicy.permissions("admin")).isEmpty();
  }

  @Test
  void everyIdentityHasItsOwnDevelopmentPassword() {
    MqttCredentials sensor = MqttCredentials.DEVELOPMENT.forIdentity("sensor:site-a");
    MqttCredentials other = MqttCredentials.DEVELOPMENT.forIdentity("sensor:site-b");

    assertThat(sensor.username()).isEqualTo("sensor:site-a");
    assertThat(sensor.password())
        .isNotEqualTo(other.password())
        .isNotEqualTo(MqttCredentials.DEVELOPMENT.password())
        .isEqualTo(MqttCredentials.DEVELOPMENT.forIdentity("sensor:site-a").password());
  }
}
