package io.pumpops.ingest.support;

import io.pumpops.localstack.StackAddresses;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Sensors of one site publishing JSON telemetry at QoS 1, as field devices do (MQTT 3.1.1). */
public final class Sensors implements AutoCloseable {

  private final MqttClient client;
  private final String siteId;

  public Sensors(StackAddresses stack, String siteId) throws MqttException {
    this(stack, siteId, stack.mqttCredentials());
  }

  /** A client that logs in as the given identity (empty: anonymously). */
  public Sensors(
      StackAddresses stack,
      String siteId,
      java.util.Optional<io.pumpops.localstack.MqttCredentials> login)
      throws MqttException {
    this.siteId = siteId;
    this.client =
        new MqttClient(stack.mqttUrl(), "sensors-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(1000);
    options.setConnectionTimeout(10);
    login.ifPresent(
        c -> {
          options.setUserName(c.username());
          options.setPassword(c.password().toCharArray());
        });
    client.connect(options);
  }

  /** A valid reading of a pump, its values derived from the sequence number. */
  public static String reading(long seq, Instant ts) {
    return String.format(
        Locale.ROOT,
        "{\"ts\":\"%s\",\"seq\":%d,\"readings\":{\"flowRate\":%.2f,\"pressure\":%.3f,\"current\":%.2f}}",
        ts,
        seq,
        30.0 + seq % 7,
        0.2 + (seq % 5) / 100.0,
        2.0 + (seq % 3) / 10.0);
  }

  public void publish(String pumpId, String payload) throws MqttException {
    publish(pumpId, payload.getBytes(StandardCharsets.UTF_8));
  }

  public void publish(String pumpId, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    client.publish("pumps/" + siteId + "/" + pumpId + "/telemetry", message);
  }

  /** Publishes on any topic, as a gateway would. */
  public void publishTo(String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    client.publish(topic, message);
  }

  @Override
  public void close() throws MqttException {
    client.disconnect();
    client.close();
  }
}
