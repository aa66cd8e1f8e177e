package io.pumpops.deploy.delivery;

import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.schemas.serde.AvroJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desired state as retained QoS 1 messages on {@code edge/{gatewayId}/desired} (a {@link
 * Deployment} in Avro JSON; an empty retained message clears it). The latest message per gateway is
 * kept and published again after every reconnect, so a broker outage or restart loses no desired
 * state.
 */
public final class MqttDesiredState implements DesiredState, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttDesiredState.class);
  private static final byte[] CLEARED = new byte[0];

  private final MqttClient client;
  private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
  // Paho must not be called back into from its own callback thread: republishing runs here.
  private final ExecutorService republisher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "desired-state-republish");
            thread.setDaemon(true);
            return thread;
          });

  public MqttDesiredState(
      String url, String clientId, Optional<String> username, Optional<String> password)
      throws MqttException {
    this.client = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setSocketFactory(NoDelaySockets.forUrl(url));
    options.setAutomaticReconnect(true);
    options.setCleanSession(true);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    username.ifPresent(options::setUserName);
    password.ifPresent(p -> options.setPassword(p.toCharArray()));
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
              LOG.info(
                  "reconnected to {}: publishing the desired state of {} gateways again",
                  serverUri,
                  latest.size());
              republisher.execute(() -> latest.forEach(MqttDesiredState.this::send));
            }
          }

          @Override
          public void connectionLost(Throwable cause) {
            LOG.warn(
                "lost the MQTT connection ({}); desired state is kept and sent on reconnect",
                cause.toString());
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    client.connect(options);
  }

  @Override
  public void publish(Deployment desired) {
    byte[] payload = AvroJson.encode(desired);
    latest.put(desired.getGatewayId(), payload);
    send(desired.getGatewayId(), payload);
  }

  @Override
  public void clear(String gatewayId) {
    latest.put(gatewayId, CLEARED);
    send(gatewayId, CLEARED);
  }

  public boolean connected() {
    return client.isConnected();
  }

  private void send(String gatewayId, byte[] payload) {
    try {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      message.setRetained(true);
      client.publish(MqttTopics.desired(gatewayId), message);
    } catch (MqttException e) {
      LOG.warn(
          "could not publish the desired state of {} now ({}); it is sent on reconnect",
          gatewayId,
          e.toString());
    }
  }

  @Override
  public void close() throws MqttException {
    republisher.shutdownNow();
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
