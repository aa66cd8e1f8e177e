package io.pumpops.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.schemas.PumpChannels;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes the pumps' readings over MQTT (3.1.1, QoS 1, as field sensors do) in event-time order,
 * each when the wall clock reaches its event time (or at once, for tests and backfills), replacing
 * a configured fraction with malformed messages to exercise the dead-letter path.
 */
public final class Simulator implements AutoCloseable {

  /** The malformed variants sent when a fraction is configured, in rotation. */
  public enum Malformation {
    TRUNCATED_JSON,
    NOT_FINITE,
    OUT_OF_RANGE,
    MISSING_TIMESTAMP
  }

  /**
   * @param mqttUrl broker
   * @param credentials what the broker needs
   * @param malformedFraction share of messages replaced by malformed ones, in [0, 1]
   * @param seed seeds the malformed choice
   * @param realTime true publishes each reading when the clock reaches its event time; false at
   *     once
   */
  public record Settings(
      String mqttUrl,
      Optional<MqttCredentials> credentials,
      double malformedFraction,
      long seed,
      boolean realTime) {
    public Settings {
      if (malformedFraction < 0 || malformedFraction > 1) {
        throw new IllegalArgumentException(
            "malformed fraction must be in [0, 1], was " + malformedFraction);
      }
    }
  }

  /** What a run published. */
  public record Result(long readings, long malformed) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private static final long MAX_PACING_STEP_MILLIS = 20;

  private final GroundTruthLog groundTruth;
  private final Clock clock;
  private final Random random;
  private final MqttClient client;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private int malformations;

  public Simulator(Settings settings, GroundTruthLog groundTruth, Clock clock) {
    this.settings = settings;
    this.groundTruth = groundTruth;
    this.clock = clock;
    this.random = new Random(settings.seed());
    try {
      client =
          new MqttClient(
              settings.mqttUrl(), "simulator-" + UUID.randomUUID(), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setSocketFactory(NoDelaySockets.forUrl(settings.mqttUrl()));
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setMaxInflight(1000);
      options.setAutomaticReconnect(true);
      settings
          .credentials()
          .ifPresent(
              c -> {
                options.setUserName(c.username());
                options.setPassword(c.password().toCharArray());
              });
      client.connect(options);
    } catch (MqttException e) {
      throw new IllegalStateException(
          "Simulator could not connect to the MQTT broker at "
              + settings.mqttUrl()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Publishes until every source has ended, {@code until} is reached, or {@link #stop()}. */
  public Result run(List<PumpSource> sources, Optional<Instant> until) throws InterruptedException {
    PriorityQueue<PumpSource> queue =
        new PriorityQueue<>(
            Comparator.comparing((PumpSource s) -> s.nextTime().orElseThrow())
                .thenComparing(PumpSource::pumpId));
    sources.stream().filter(s -> s.nextTime().isPresent()).forEach(queue::add);
    long readings = 0;
    long malformed = 0;
    while (!queue.isEmpty() && !stopped.get()) {
      PumpSource source = queue.poll();
      Instant due = source.nextTime().orElseThrow();
      if (until.isPresent() && !due.isBefore(until.get())) {
        break;
      }
      if (settings.realTime()) {
        waitUntil(due);
      }
      SimulatedReading reading = source.next();
      if (random.nextDouble() < settings.malformedFraction()) {
        publish(reading.mqttTopic(), malform(reading));
        malformed++;
      } else {
        publish(reading.mqttTopic(), reading.toJson().getBytes(StandardCharsets.UTF_8));
        readings++;
      }
      if (source.nextTime().isPresent()) {
        queue.add(source);
      }
    }
    return new Result(readings, malformed);
  }

  /** Makes {@link #run} return after the reading it is publishing. */
  public void stop() {
    stopped.set(true);
  }

  private byte[] malform(SimulatedReading reading) {
    Malformation kind = Malformation.values()[malformations++ % Malformation.values().length];
    ObjectNode node;
    try {
      node = (ObjectNode) JSON.readTree(reading.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text =
        switch (kind) {
          case TRUNCATED_JSON -> node.toString().substring(0, node.toString().length() / 2);
          case NOT_FINITE ->
              node.toString()
                  .replaceFirst("(\"" + PumpChannels.PRESSURE + "\":)[-0-9.Ee]+", "$1NaN");
          case OUT_OF_RANGE -> {
            ((ObjectNode) node.get("readings")).put(PumpChannels.VIBRATION_1, -5.0);
            yield node.toString();
          }
          case MISSING_TIMESTAMP -> {
            node.remove("ts");
            yield node.toString();
          }
        };
    groundTruth.record(
        reading.eventTime(),
        reading.siteId(),
        reading.pumpId(),
        "MALFORMED",
        Map.of("kind", kind.name(), "seq", reading.seq()));
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void publish(String topic, byte[] payload) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    try {
      client.publish(topic, message);
    } catch (MqttException e) {
      throw new IllegalStateException("Could not publish to " + topic + ": " + e.getMessage(), e);
    }
  }

  private void waitUntil(Instant due) throws InterruptedException {
    // Pacing a real-time simulation: the wait is the point. In short steps, because the clock may
    // run faster than the wall clock (an accelerated replay): one long sleep would overshoot and
    // burst.
    long millis;
    while ((millis = Duration.between(clock.instant(), due).toMillis()) > 0 && !stopped.get()) {
      Thread.sleep(Math.min(millis, MAX_PACING_STEP_MILLIS));
    }
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    } catch (MqttException e) {
      throw new IllegalStateException(
          "Simulator's MQTT client did not close: " + e.getMessage(), e);
    }
  }
}
