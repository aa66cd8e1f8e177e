package io.pumpops.localstack;

import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code PUMPOPS_EDGE_*} environment of an edge gateway run beside the embedded stack ({@code
 * pumpops demo}, {@code pumpops bench fleet}): who it is, where it keeps its data, which signer it
 * trusts, and its two brokers. It logs in to the central broker as itself (it may publish only its
 * own status, anomalies and its site's batches, {@link MqttAccessPolicy#gateway}).
 *
 * @param siteMqttUrl where its pumps publish; the central broker's URL when the pumps reach ingest
 *     directly (the gateway then scores but does not forward)
 * @param stack the central broker and its credentials
 * @param deployPublicKey deploy-service's public signing key (base64 X.509)
 */
public record EdgeGatewayEnvironment(
    String gatewayId,
    String siteId,
    Path dataDirectory,
    int httpPort,
    String siteMqttUrl,
    StackAddresses stack,
    String deployPublicKey) {

  /** The variables, the site broker without a login (a site's own broker, on the site's LAN). */
  public Map<String, String> variables() {
    Map<String, String> env = new HashMap<>();
    Optional<MqttCredentials> login =
        stack
            .mqttCredentials()
            .map(c -> c.forIdentity(MqttAccessPolicy.gateway(gatewayId, siteId)));
    String user = login.map(MqttCredentials::username).orElse("");
    String password = login.map(MqttCredentials::password).orElse("");
    env.put("PUMPOPS_EDGE_GATEWAY_ID", gatewayId);
    env.put("PUMPOPS_EDGE_SITE_ID", siteId);
    env.put("PUMPOPS_EDGE_DATA_DIRECTORY", dataDirectory.toAbsolutePath().toString());
    env.put("PUMPOPS_EDGE_HTTP_PORT", Integer.toString(httpPort));
    env.put("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY", deployPublicKey);
    env.put("PUMPOPS_EDGE_UPLINK_MQTT_URL", stack.mqttUrl());
    env.put("PUMPOPS_EDGE_UPLINK_MQTT_USERNAME", user);
    env.put("PUMPOPS_EDGE_UPLINK_MQTT_PASSWORD", password);
    env.put("PUMPOPS_EDGE_SITE_MQTT_URL", siteMqttUrl);
    boolean sharedBroker = siteMqttUrl.equals(stack.mqttUrl());
    env.put("PUMPOPS_EDGE_SITE_MQTT_USERNAME", sharedBroker ? user : "");
    env.put("PUMPOPS_EDGE_SITE_MQTT_PASSWORD", sharedBroker ? password : "");
    return env;
  }
}
