package io.pumpops.ingest.mqtt;

/**
 * Telemetry messages from the MQTT broker, delivered at QoS 1 with manual acknowledgement: a
 * message is acknowledged to the broker only when the handler says so.
 */
public interface TelemetrySource extends AutoCloseable {

  /** Receives one message; call {@code acknowledge} once what it produced is safely stored. */
  @FunctionalInterface
  interface Handler {
    void onMessage(String topic, byte[] payload, Runnable acknowledge);
  }

  /** Connects, subscribes and starts delivering to the handler. */
  void start(Handler handler);

  boolean isConnected();

  @Override
  void close();

  /** The source for the configured protocol version. */
  static TelemetrySource of(MqttSettings settings) {
    return settings.protocolVersion() == 5
        ? new Mqtt5TelemetrySource(settings)
        : new Mqtt3TelemetrySource(settings);
  }
}
