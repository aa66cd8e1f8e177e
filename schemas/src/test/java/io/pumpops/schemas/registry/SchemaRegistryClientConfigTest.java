package io.pumpops.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

  @Test
  void credentialsInTheUrlBecomeBasicAuthAndLeaveTheUrl() {
    SchemaRegistryClient.Config config =
        SchemaRegistryClient.Config.of("http://pumpops:p%40ss+word@127.0.0.1:8081/");

    assertThat(config.baseUrl().toString()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.basicAuthUserInfo()).contains("pumpops:p@ss+word");
  }

  @Test
  void aUrlWithoutCredentialsHasNone() {
    SchemaRegistryClient.Config config =
        SchemaRegistryClient.Config.of("https://registry.example:8081/base");

    assertThat(config.baseUrl().toString()).isEqualTo("https://registry.example:8081/base");
    assertThat(config.basicAuthUserInfo()).isEqualTo(Optional.empty());
  }
}
