package io.pumpops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.edge.uplink.Batching;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static final String KEY = "PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY";
  private static final String TRUSTED = SigningKeys.encode(SigningKeys.generate().getPublic());

  @Test
  void aGatewayWithoutATrustedSigningKeyRefusesToStartNamingTheVariable() {
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    Map.of("PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a")))
        .hasMessageContaining("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY");
  }

  @Test
  void oneBrokerForSiteAndUplinkMeansNoForwardingAndSaysSoWhenAskedToForward() {
    GatewayConfig config =
        GatewayConfig.fromEnvironment(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED));
    assertThat(config.forwardTelemetry()).isFalse();
    assertThat(config.dataDirectory().toString()).endsWith("var/edge/gw-1");
    assertThat(config.siteMqtt().password()).as("no password is built in").isEmpty();
    assertThat(config.uplinkMqtt().username()).isEmpty();
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");

    GatewayConfig own =
        GatewayConfig.fromEnvironment(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID",
                "gw-1",
                "PUMPOPS_EDGE_SITE_ID",
                "site-a",
                KEY,
                TRUSTED,
                "PUMPOPS_EDGE_SITE_MQTT_URL",
                "tcp://127.0.0.1:11883"));
    assertThat(own.forwardTelemetry()).isTrue();

    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    Map.of(
                        "PUMPOPS_EDGE_GATEWAY_ID",
                        "gw-1",
                        "PUMPOPS_EDGE_SITE_ID",
                        "site-a",
                        KEY,
                        TRUSTED,
                        "PUMPOPS_EDGE_FORWARD_TELEMETRY",
                        "true")))
        .hasMessageContaining("PUMPOPS_EDGE_FORWARD_TELEMETRY=false");
  }

  @Test
  void missingOrUnsafeIdsAreRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    Map.of("PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED)))
        .hasMessageContaining("PUMPOPS_EDGE_GATEWAY_ID");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    Map.of(
                        "PUMPOPS_EDGE_GATEWAY_ID",
                        "gw/1",
                        "PUMPOPS_EDGE_SITE_ID",
                        "site-a",
                        KEY,
                        TRUSTED)))
        .hasMessageContaining("topic levels");
  }

  @Test
  void telemetryIsValidatedByIngestsRulesUnlessTheSiteOverridesThem() {
    Map<String, String> required =
        Map.of("PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED);
    assertThat(GatewayConfig.fromEnvironment(required).telemetry())
        .isEqualTo(TelemetryRules.defaults());

    Map<String, String> env = new java.util.HashMap<>(required);
    env.put("PUMPOPS_EDGE_TELEMETRY_MAX_FUTURE_SKEW", "PT10S");
    env.put("PUMPOPS_EDGE_TELEMETRY_CHANNELS", "pressure=0..10 bar;flowRate=0..50 l/min");
    env.put("PUMPOPS_EDGE_TELEMETRY_ALLOWED_PUMPS", "p1,p2");
    TelemetryRules rules = GatewayConfig.fromEnvironment(env).telemetry();
    assertThat(rules.maxFutureSkew()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(rules.channels()).containsOnlyKeys("pressure", "flowRate");
    assertThat(rules.allowedPumps()).contains(java.util.Set.of("p1", "p2"));
    assertThat(rules.maxPastAge()).isEqualTo(TelemetryRules.defaults().maxPastAge());
  }

  @Test
  void uplinkBatchingDefaultsToSiteBatchesAndCanBeTunedOrTurnedOff() {
    GatewayConfig defaults =
        GatewayConfig.fromEnvironment(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED));
    assertThat(defaults.uplinkBatching()).isEqualTo(Batching.defaults());
    assertThat(defaults.uplinkBatching().enabled()).isTrue();

    GatewayConfig off =
        GatewayConfig.fromEnvironment(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID",
                "gw-1",
                "PUMPOPS_EDGE_SITE_ID",
                "site-a",
                KEY,
                TRUSTED,
                "PUMPOPS_EDGE_UPLINK_BATCH_READINGS",
                "1",
                "PUMPOPS_EDGE_UPLINK_LINGER",
                "PT1S"));
    assertThat(off.uplinkBatching().enabled()).isFalse();
    assertThat(off.uplinkBatching().linger()).hasSeconds(1);

    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    Map.of(
                        "PUMPOPS_EDGE_GATEWAY_ID",
                        "gw-1",
                        "PUMPOPS_EDGE_SITE_ID",
                        "site-a",
                        KEY,
                        TRUSTED,
                        "PUMPOPS_EDGE_UPLINK_BATCH_BYTES",
                        "100")))
        .hasMessageContaining("PUMPOPS_EDGE_UPLINK_BATCH_BYTES");
  }
}
