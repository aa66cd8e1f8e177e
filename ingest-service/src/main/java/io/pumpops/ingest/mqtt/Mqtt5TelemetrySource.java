package io.pumpops.ingest.mqtt;

import io.pumpops.schemas.mqtt.NoDelaySockets;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 source: a persistent session on a shared subscription, so instances split the load.
 *
 * <p>The subscriptions are renewed every {@link MqttSettings#resubscribeInterval()}: HiveMQ CE can
 * stop delivering to a connected shared subscriber, holding the queued messages until the next
 * SUBSCRIBE makes it poll the queue again (ADR 8). Renewing is idempotent for the broker.
 */
final class Mqtt5TelemetrySource implements TelemetrySource {

  private static final Logger log = LoggerFactory.getLogger(Mqtt5TelemetrySource.class);

  private final MqttSettings settings;
  private final AtomicLong renewals = new AtomicLong();
  private MqttClient client;
  private ScheduledExecutorService renewer;

  Mqtt5TelemetrySource(MqttSettings settings) {
    this.settings = settings;
  }

  @Override
  public void start(Handler handler) {
    try {
      client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
      client.setManualAcks(true);
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setSocketFactory(NoDelaySockets.forUrl(settings.url()));
      options.setCleanStart(false);
      options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
      options.setAutomaticReconnect(true);
      options.setAutomaticReconnectDelay(1, 10);
      options.setReceiveMaximum(settings.maxInflight());
      settings.username().ifPresent(options::setUserName);
      settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
      client.setCallback(new Callback(handler));
      client.connect(options);
      // Subscribing again on a resumed session is harmless and covers a session the broker expired.
      subscribe();
      log.info(
          "Subscribed to {} on {} as {} (MQTT 5, shared subscription, renewed every {})",
          settings.subscriptionFilters(),
          settings.url(),
          settings.clientId(),
          settings.resubscribeInterval());
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
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "mqtt-subscription-renewal-" + settings.clientId());
              thread.setDaemon(true);
              return thread;
            });
    long period = settings.resubscribeInterval().toMillis();
    renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  private void subscribe() throws MqttException {
    client.subscribe(
        settings.subscriptionFilters().stream()
            .map(f -> new MqttSubscription(f, 1))
            .toArray(MqttSubscription[]::new));
  }

  private void renew() {
    if (!client.isConnected()) {
      // the session keeps the subscriptions; the next renewal after reconnecting runs as usual
      return;
    }
    try {
      subscribe();
      renewals.incrementAndGet();
    } catch (MqttException | RuntimeException e) {
      // The next renewal tries again; a lost connection is reported by the callback.
      log.debug("Could not renew the MQTT subscriptions: {}", e.toString());
    }
  }

  /** How many times the subscriptions have been renewed since start. */
  long renewals() {
    return renewals.get();
  }

  @Override
  public boolean isConnected() {
    return client != null && client.isConnected();
  }

  @Override
  public void close() {
    if (renewer != null) {
      renewer.shutdownNow();
    }
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

  private final class Callback implements MqttCallback {
    private final Handler handler;

    Callback(Handler handler) {
      this.handler = handler;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      int id = message.getId();
      int qos = message.getQos();
      handler.onMessage(topic, message.getPayload(), () -> acknowledge(id, qos));
    }

    private void acknowledge(int id, int qos) {
      try {
        client.messageArrivedComplete(id, qos);
      } catch (MqttException e) {
        // The broker redelivers an unacknowledged message; a duplicate is harmless downstream.
        log.warn("Could not acknowledge MQTT message {}: {}", id, e.toString());
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      log.warn("Disconnected from the MQTT broker: {}", response.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("MQTT error: {}", exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        log.info("Reconnected to the MQTT broker at {}", serverUri);
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
