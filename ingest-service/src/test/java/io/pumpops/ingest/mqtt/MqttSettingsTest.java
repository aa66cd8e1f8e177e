package io.pumpops.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MqttSettingsTest {

  @Test
  void hostInTheClientIdGivesEachReplicaItsOwnAndAPlainIdStaysAsConfigured() {
    assertThat(MqttSettings.clientIdFor("ingest-{host}", () -> "4f2a9c1b"))
        .isEqualTo("ingest-4f2a9c1b");
    assertThat(
            MqttSettings.clientIdFor(
                "ingest-1",
                () -> {
                  throw new AssertionError("the host name is not looked up when not used");
                }))
        .isEqualTo("ingest-1");
    assertThatThrownBy(() -> MqttSettings.clientIdFor(" ", () -> "h"))
        .hasMessageContaining("pumpops.mqtt.client-id is empty");
  }
}
