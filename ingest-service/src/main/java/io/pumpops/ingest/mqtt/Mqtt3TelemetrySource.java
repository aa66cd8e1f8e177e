package io.pumpops.ingest.mqtt;

import io.pumpops.schemas.mqtt.NoDelaySockets;
import java.util.List;
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
 * MQTT 3.1.1 source for brokers without MQTT 5: a persistent session on a plain subscription.
 * Without shared subscriptions every instance would get every message, so run one instance.
 */
final class Mqtt3TelemetrySource implements TelemetrySource {

  private static final Logger log = LoggerFactory.getLogger(Mqtt3TelemetrySource.class);

  private final MqttSettings settings;
  private MqttClient client;

  Mqtt3TelemetrySource(MqttSettings settings) {
    this.settings = settings;
  }

  @Override
  public void start(Handler handler) {
    try {
      client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
      client.setManualAcks(true);
      MqttConnectOptions options = new MqttConnectOptions();
      options.setSocketFactory(NoDelaySockets.forUrl(settings.url()));
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(false);
      options.setAutomaticReconnect(true);
      options.setMaxInflight(settings.maxInflight());
      settings.username().ifPresent(options::setUserName);
      settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
      client.setCallback(
          new MqttCallbackExtended() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
              int id = message.getId();
              int qos = message.getQos();
              handler.onMessage(
                  topic,
                  message.getPayload(),
                  () -> {
                    try {
                      client.messageArrivedComplete(id, qos);
                    } catch (MqttException e) {
                      log.warn("Could not acknowledge MQTT message {}: {}", id, e.toString());
                    }
                  });
            }

            @Override
            public void connectionLost(Throwable cause) {
              log.warn("Lost the MQTT connection: {}", cause.toString());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
              if (reconnect) {
                log.info("Reconnected to the MQTT broker at {}", serverUri);
              }
            }
          });
      client.connect(options);
      List<String> filters = settings.subscriptionFilters();
      client.subscribe(filters.toArray(String[]::new), filters.stream().mapToInt(f -> 1).toArray());
      log.warn(
          "MQTT 3.1.1: subscribed to {} without a shared subscription; run a single ingest instance"
              + " (several would each receive every reading)",
          filters);
    } catch (MqttException e) {
      throw new IllegalStateException(
          "Could not connect to the MQTT broker at "
              + settings.url()
              + " as "
              + settings.clientId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public boolean isConnected() {
    return client != null && client.isConnected();
  }

  @Override
  public void close() {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    } catch (MqttException e) {
      log.warn("MQTT client did not close cleanly: {}", e.toString());
    }
  }
}
