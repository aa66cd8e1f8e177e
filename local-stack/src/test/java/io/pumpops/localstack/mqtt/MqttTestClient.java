package io.pumpops.localstack.mqtt;

import io.pumpops.localstack.StackAddresses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An MQTT 5 test client (Paho) that records what it receives. Messages arrive through the
 * client-wide callback: Paho 1.2.5's per-subscription listeners are unreliable for shared
 * subscriptions.
 */
public final class MqttTestClient implements AutoCloseable {

  /** A received message. */
  public record Received(String topic, String payload, int qos, boolean retained) {}

  private final MqttClient client;
  private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
  private final List<Received> all = new CopyOnWriteArrayList<>();

  private MqttTestClient(MqttClient client) {
    this.client = client;
  }

  /**
   * Connects with the stack's credentials.
   *
   * @param cleanStart false keeps the session (and queued QoS 1 messages) for an hour after
   *     disconnect
   */
  public static MqttTestClient connect(StackAddresses stack, String clientId, boolean cleanStart)
      throws MqttException {
    MqttTestClient test =
        new MqttTestClient(new MqttClient(stack.mqttUrl(), clientId, new MemoryPersistence()));
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
    options.setAutomaticReconnect(false);
    stack
        .mqttCredentials()
        .ifPresent(
            c -> {
              options.setUserName(c.username());
              options.setPassword(c.password().getBytes(StandardCharsets.UTF_8));
            });
    test.client.setCallback(test.new Recorder());
    test.client.connect(options);
    return test;
  }

  public void subscribe(String topicFilter, int qos) throws MqttException {
    client.subscribe(topicFilter, qos);
  }

  public void publish(String topic, String payload, int qos, boolean retained)
      throws MqttException {
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(qos);
    message.setRetained(retained);
    client.publish(topic, message);
  }

  /** Everything received so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(all);
  }

  public void disconnect() throws MqttException {
    client.disconnect();
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }

  private final class Recorder implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      Received received =
          new Received(
              topic,
              new String(message.getPayload(), StandardCharsets.UTF_8),
              message.getQos(),
              message.isRetained());
      all.add(received);
      queue.add(received);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
