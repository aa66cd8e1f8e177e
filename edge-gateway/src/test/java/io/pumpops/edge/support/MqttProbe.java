package io.pumpops.edge.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.schemas.telemetry.SiteBatch;
import io.pumpops.schemas.telemetry.TelemetryTopic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A test's MQTT client: publishes (QoS 1, in order) and records what arrives on its subscriptions.
 */
public final class MqttProbe implements AutoCloseable {

  /** One received message. */
  public record Received(String topic, String payload) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MqttClient client;
  private final List<Received> received = new ArrayList<>();

  public MqttProbe(String url, Optional<MqttCredentials> credentials) throws MqttException {
    client = new MqttClient(url, "probe-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(1000);
    options.setSocketFactory(
        NoDelaySockets.forUrl(url)); // PUBACKs not held back by Nagle's algorithm
    credentials.ifPresent(
        c -> {
          options.setUserName(c.username());
          options.setPassword(c.password().toCharArray());
        });
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            synchronized (received) {
              received.add(
                  new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    client.connect(options);
  }

  public MqttProbe subscribe(String filter) throws MqttException {
    client.subscribe(filter, 1);
    return this;
  }

  public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    message.setRetained(retained);
    client.publish(topic, message);
  }

  public void publish(String topic, String payload) throws MqttException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
  }

  /** What arrived so far, in arrival order. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public List<Received> received(String topicPrefix) {
    return received().stream().filter(r -> r.topic().startsWith(topicPrefix)).toList();
  }

  /**
   * A site's readings as they arrived upstream, alone on their pump's topic or inside the gateway's
   * site batches, in arrival order, each as its JSON object with its {@code pumpId}.
   */
  public List<JsonNode> readings(String siteId) {
    List<JsonNode> readings = new ArrayList<>();
    for (Received r : received()) {
      try {
        Optional<TelemetryTopic> alone =
            TelemetryTopic.parse(r.topic()).filter(t -> t.siteId().equals(siteId));
        if (alone.isPresent()) {
          readings.add(reading(alone.get().pumpId(), r.payload()));
        } else if (r.topic().equals(MqttTopics.siteBatch(siteId))) {
          JSON.readTree(r.payload()).forEach(readings::add);
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("not JSON on " + r.topic() + ": " + r.payload(), e);
      }
    }
    return readings;
  }

  /**
   * A reading's JSON with its pump, as {@link #readings} gives it (compare with {@code equals}).
   */
  public static JsonNode reading(String pumpId, String json) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      node.put(SiteBatch.PUMP_ID, pumpId);
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
