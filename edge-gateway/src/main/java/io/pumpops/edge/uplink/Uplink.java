package io.pumpops.edge.uplink;

import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.edge.GatewayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's link to the cloud broker. One thread drains the {@link DiskQueue} in order: a
 * message is acknowledged in the buffer only after the broker's PUBACK (QoS 1), so a cut link or
 * a restart resends from the first unacknowledged message and nothing is lost. The same
 * connection subscribes to {@code edge/{gatewayId}/desired}, whose retained message arrives on
 * every (re)connect, so a model published while the gateway was offline reaches it on return.
 *
 * <p>Delivery is at least once: if the link drops after the broker stored a message but before
 * its PUBACK arrived, that one message is sent again. Readings carry (pumpId, seq), anomalies a
 * deterministic id, so the copy is recognisable downstream.
 */
public final class Uplink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Uplink.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final GatewayConfig.Broker broker;
  private final DiskQueue queue;
  private final String desiredTopic;
  private final Consumer<byte[]> onDesired;
  private final MqttClient client;
  private final Thread worker;
  private final Object backoffLock = new Object();
  private volatile boolean running = true;
  private volatile Instant downSince;

  public Uplink(GatewayConfig.Broker broker, String clientId, DiskQueue queue, String desiredTopic,
                Consumer<byte[]> onDesired) {
    this.broker = broker;
    this.queue = queue;
    this.desiredTopic = desiredTopic;
    this.onDesired = onDesired;
    try {
      this.client = new MqttClient(broker.url(), clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("Bad uplink MQTT URL " + broker.url() + ": " + e.getMessage(), e);
    }
    client.setTimeToWait(15_000);
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        markDown("connection lost: " + cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (topic.equals(desiredTopic) && message.getPayload().length > 0) {
          onDesired.accept(message.getPayload());
        }
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    this.worker = new Thread(this::run, "uplink");
    worker.setDaemon(true);
  }

  public void start() {
    worker.start();
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  private void run() {
    Duration backoff = Duration.ofMillis(250);
    while (running) {
      try {
        if (!client.isConnected()) {
          if (!connect()) {
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            continue;
          }
          backoff = Duration.ofMillis(250);
        }
        Optional<DiskQueue.Message> next = queue.peek(500, TimeUnit.MILLISECONDS);
        if (next.isEmpty()) {
          continue;
        }
        DiskQueue.Message message = next.get();
        MqttMessage mqtt = new MqttMessage(message.payload());
        mqtt.setQos(1);
        client.publish(message.topic(), mqtt);
        queue.ack(message.index());
      } catch (MqttException e) {
        markDown("publish failed: " + e.getMessage());
        pause(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Uplink worker error; retrying: {}", e.toString(), e);
        pause(backoff);
      }
    }
  }

  private boolean connect() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setSocketFactory(NoDelaySockets.forUrl(broker.url()));
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(10);
    broker.username().ifPresent(options::setUserName);
    broker.password().ifPresent(p -> options.setPassword(p.toCharArray()));
    try {
      client.connect(options);
      client.subscribe(desiredTopic, 1);
      Instant since = downSince;
      downSince = null;
      log.info("Uplink to {} connected{}; {} messages buffered", broker.url(),
          since == null ? "" : " after " + Duration.between(since, Instant.now()).toSeconds() + " s offline",
          queue.depth());
      return true;
    } catch (MqttException e) {
      markDown("connect failed: " + e.getMessage());
      try {
        if (client.isConnected()) {
          client.disconnect();
        }
      } catch (MqttException ignored) {
        // Already half-closed; the next attempt starts over.
      }
      return false;
    }
  }

  private void markDown(String why) {
    if (downSince == null) {
      downSince = Instant.now();
      log.warn("Uplink to {} is down ({}); buffering on disk", broker.url(), why);
    }
  }

  private void pause(Duration duration) {
    synchronized (backoffLock) {
      try {
        backoffLock.wait(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (backoffLock) {
      backoffLock.notifyAll();
    }
    worker.interrupt();
    try {
      worker.join(5_000);
      if (client.isConnected()) {
        client.disconnect(1_000);
      }
      client.close(true);
    } catch (MqttException | InterruptedException e) {
      log.debug("Uplink closed uncleanly: {}", e.toString());
    }
  }
}
