package io.pumpops.edge.site;

import io.pumpops.edge.GatewayConfig;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * The gateway's connection to its site's broker: the pumps' telemetry comes in (QoS 1, a persistent
 * session, so readings sent while the gateway restarts wait in the site broker), and local alarms
 * go out. A message is acknowledged to the site broker only after the handler returned, that is
 * after it is in the store-and-forward buffer. So delivery is at least once: a reading buffered
 * just before the gateway stopped, whose acknowledgement the site broker had not yet received, is
 * delivered again after the restart and goes upstream twice; feature-stream drops the copy by pump
 * and seq ({@code DeduplicateReadings}).
 */
public final class SiteConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SiteConnection.class);

  /** Receives one telemetry message; an exception makes the broker redeliver it. */
  @FunctionalInterface
  public interface Handler {
    void onTelemetry(String topic, byte[] payload);
  }

  private final GatewayConfig.Broker broker;
  private final String siteId;
  private final MqttClient client;
  private final ScheduledExecutorService connector =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "site-connect");
            t.setDaemon(true);
            return t;
          });

  private boolean unreachableReported;
  private final ExecutorService alarms =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "site-alarms");
            t.setDaemon(true);
            return t;
          });

  public SiteConnection(
      GatewayConfig.Broker broker, String gatewayId, String siteId, Handler handler) {
    this.broker = broker;
    this.siteId = siteId;
    try {
      this.client = new MqttClient(broker.url(), gatewayId + "-site", new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException(
          "Bad site MQTT URL " + broker.url() + ": " + e.getMessage(), e);
    }
    client.setTimeToWait(10_000);
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverUri) {
            // Subscribing again is harmless on a resumed session and covers one the broker expired.
            // Not from this callback thread: a blocking subscribe here would wait on this very
            // thread.
            connector.execute(SiteConnection.this::subscribe);
            if (reconnect) {
              log.info("Reconnected to the site broker at {}", serverUri);
            }
          }

          @Override
          public void connectionLost(Throwable cause) {
            log.warn(
                "Lost the site broker at {}: {}; reconnecting", broker.url(), cause.toString());
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            handler.onTelemetry(topic, message.getPayload());
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  /** Connects in the background, retrying until the site broker answers. */
  public void start() {
    connector.execute(this::connect);
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /**
   * Raises a local alarm on the site broker. Sent from its own thread: a blocking publish from
   * inside Paho's message callback would wait for an acknowledgement that the same callback thread
   * has to process.
   */
  public void alarm(byte[] payload) {
    alarms.execute(
        () -> {
          try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish(MqttTopics.alarms(siteId), message);
          } catch (MqttException e) {
            log.warn(
                "Could not raise the local alarm on {}: {}",
                MqttTopics.alarms(siteId),
                e.getMessage());
          }
        });
  }

  private void subscribe() {
    try {
      client.subscribe(MqttTopics.siteTelemetry(siteId), 1);
    } catch (MqttException e) {
      log.warn("Could not subscribe to the site's telemetry: {}", e.getMessage());
    }
  }

  private void connect() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setSocketFactory(NoDelaySockets.forUrl(broker.url()));
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(5_000);
    options.setConnectionTimeout(5);
    options.setMaxInflight(1000);
    broker.username().ifPresent(options::setUserName);
    broker.password().ifPresent(p -> options.setPassword(p.toCharArray()));
    try {
      client.connect(options);
      unreachableReported = false;
      log.info("Connected to the site broker at {}, site {}", broker.url(), siteId);
    } catch (MqttException e) {
      if (!unreachableReported) {
        log.warn(
            "Site broker at {} not reachable ({}); retrying every 2 s",
            broker.url(),
            e.getMessage());
        unreachableReported = true;
      }
      connector.schedule(this::connect, 2, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    connector.shutdownNow();
    alarms.shutdown();
    try {
      alarms.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (client.isConnected()) {
        client.disconnect(2_000);
      }
      client.close(true);
    } catch (MqttException e) {
      log.debug("Site connection closed uncleanly: {}", e.toString());
    }
  }
}
