package io.pumpops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.edge.uplink.Batching;
import io.pumpops.edge.uplink.DiskQueue;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PUMPOPS_EDGE_HTTP_PORT|80a|is not a whole number",
        "PUMPOPS_EDGE_BUFFER_MAX_BYTES|512MB|is not a whole number",
        "PUMPOPS_EDGE_HEARTBEAT_INTERVAL|5s|is not an ISO-8601 duration such as PT5S",
        "PUMPOPS_EDGE_UPLINK_LINGER|-PT1S|is not a duration that is not negative",
        "PUMPOPS_EDGE_BUFFER_SYNC|yes|is not true or false",
        "PUMPOPS_EDGE_FORWARD_TELEMETRY|0|is not true or false",
        "PUMPOPS_EDGE_BUFFER_FULL_POLICY|BLOCK|is not one of [DROP_OLDEST, DROP_NEWEST]",
        "PUMPOPS_EDGE_TELEMETRY_MAX_PAST_AGE|7 days|is not an ISO-8601 duration",
        "PUMPOPS_EDGE_TELEMETRY_REJECT_UNKNOWN_CHANNELS|maybe|is not true or false",
        "PUMPOPS_EDGE_TELEMETRY_CHANNELS|pressure 0..10|PUMPOPS_EDGE_TELEMETRY_*: "
      })
  void aMalformedValueIsRefusedNamingTheVariableTheValueAndWhatWasExpected(
      String variable, String value, String expected) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED));
    env.put(variable, value);

    assertThatThrownBy(() -> GatewayConfig.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining(
            variable.startsWith("PUMPOPS_EDGE_TELEMETRY_CHANNELS")
                ? value
                : variable + "=" + value);
  }

  @Test
  void valuesAreReadForgivinglyWhereNothingIsAmbiguous() {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "PUMPOPS_EDGE_GATEWAY_ID", "gw-1", "PUMPOPS_EDGE_SITE_ID", "site-a", KEY, TRUSTED));
    env.put("PUMPOPS_EDGE_HTTP_PORT", " 8191 ");
    env.put("PUMPOPS_EDGE_BUFFER_SYNC", "FALSE");
    env.put("PUMPOPS_EDGE_BUFFER_FULL_POLICY", "drop_newest");
    env.put("PUMPOPS_EDGE_CAPABILITIES", "");
    env.put("PUMPOPS_EDGE_SITE_MQTT_PASSWORD", " with spaces ");
    GatewayConfig config = GatewayConfig.fromEnvironment(env);

    assertThat(config.httpPort()).isEqualTo(8191);
    assertThat(config.bufferDurability()).isEqualTo(DiskQueue.Durability.PAGE_CACHE);
    assertThat(config.bufferFullPolicy()).isEqualTo(DiskQueue.FullPolicy.DROP_NEWEST);
    assertThat(config.capabilities()).isEmpty();
    assertThat(config.siteMqtt().password()).contains(" with spaces ");
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
