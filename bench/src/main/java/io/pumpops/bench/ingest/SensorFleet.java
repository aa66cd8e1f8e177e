package io.pumpops.bench.ingest;

import io.pumpops.localstack.MqttCredentials;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Simulated sensors, one MQTT client and one thread each, publishing QoS 1 readings as a pump
 * would. Each reading's {@code ts} is the wall clock at the moment it is published, so whoever sees
 * it land in Kafka knows its end-to-end latency. A sensor keeps at most {@code window} readings
 * unacknowledged by the broker: "as fast as it can" means as fast as the broker acks.
 */
public final class SensorFleet implements AutoCloseable {

  /** What one run of the fleet published, counted when the broker acknowledged it. */
  public record Published(long acknowledged, long failed, Duration elapsed) {
    public double perSecond() {
      return acknowledged / (elapsed.toNanos() / 1e9);
    }
  }

  private final List<Sensor> sensors = new ArrayList<>();
  private final int window;
  private final Clock clock;

  /**
   * @param sites the sites the sensors are spread over, in turn
   * @param count sensors (pumps)
   * @param window unacknowledged QoS 1 messages each sensor may have at the broker
   * @param clock the readings' {@code ts}: the wall clock, so a reading's latency can be read off
   *     it, or a system's simulated clock, to publish alongside its pumps
   */
  public SensorFleet(
      String mqttUrl,
      Optional<MqttCredentials> credentials,
      List<String> sites,
      int count,
      int window,
      Clock clock)
      throws MqttException {
    this.window = window;
    this.clock = clock;
    List<IMqttToken> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MqttAsyncClient client =
          new MqttAsyncClient(mqttUrl, "bench-sensor-" + (i + 1), new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setSocketFactory(NoDelaySockets.forUrl(mqttUrl));
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setMaxInflight(window);
      credentials.ifPresent(
          c -> {
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
          });
      connecting.add(client.connect(options));
      sensors.add(new Sensor(client, pump(sites, i), new Semaphore(window)));
    }
    for (IMqttToken token : connecting) {
      token.waitForCompletion(30_000);
    }
  }

  /**
   * The pump behind sensor {@code index} (from 0): {@code bench-pump-<index + 1>}, at the sites in
   * turn, healthy. Whoever writes the same readings another way (a raw producer) takes them from
   * here.
   */
  static SyntheticPump pump(List<String> sites, int index) {
    return new SyntheticPump(
        sites.get(index % sites.size()),
        "bench-pump-" + (index + 1),
        Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofSeconds(1),
        List.of(),
        index + 1,
        Optional.empty());
  }

  public int size() {
    return sensors.size();
  }

  /**
   * Publishes from every sensor for {@code duration}: as fast as acknowledgements allow when {@code
   * readingsPerSecond} is 0, otherwise paced so the fleet as a whole publishes at that rate (each
   * sensor on its own fixed schedule). Returns once every reading sent has been acknowledged.
   */
  public Published run(Duration duration, double readingsPerSecond) throws InterruptedException {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long started = System.nanoTime();
    long end = started + duration.toNanos();
    long interval = readingsPerSecond <= 0 ? 0 : (long) (sensors.size() * 1e9 / readingsPerSecond);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < sensors.size(); i++) {
      Sensor sensor = sensors.get(i);
      // Staggered, so paced sensors do not all publish at the same instant.
      long first = started + (interval == 0 ? 0 : interval * i / sensors.size());
      Thread thread =
          new Thread(
              () -> sensor.publishUntil(first, interval, end, clock, acknowledged, failed),
              "sensor-" + (i + 1));
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (Sensor sensor : sensors) {
      if (!sensor.window.tryAcquire(window, 60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the broker did not acknowledge a sensor's last readings in 60 s");
      }
      sensor.window.release(window);
    }
    return new Published(
        acknowledged.get(), failed.get(), Duration.ofNanos(System.nanoTime() - started));
  }

  @Override
  public void close() {
    for (Sensor sensor : sensors) {
      try {
        sensor.client.disconnect().waitForCompletion(5_000);
        sensor.client.close();
      } catch (MqttException e) {
        // closing anyway
      }
    }
  }

  private static final class Sensor {
    private final MqttAsyncClient client;
    private final SyntheticPump pump;
    private final Semaphore window;
    private final String topic;
    private long seq;

    Sensor(MqttAsyncClient client, SyntheticPump pump, Semaphore window) {
      this.client = client;
      this.pump = pump;
      this.window = window;
      this.topic = pump.next().mqttTopic();
    }

    void publishUntil(
        long first,
        long interval,
        long end,
        Clock clock,
        AtomicLong acknowledged,
        AtomicLong failed) {
      long due = first;
      IMqttActionListener onAck =
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              acknowledged.incrementAndGet();
              window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              failed.incrementAndGet();
              window.release();
            }
          };
      while (true) {
        if (interval > 0) {
          // Pacing is the point of this wait.
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          due += interval;
        }
        if (System.nanoTime() >= end) {
          return;
        }
        try {
          window.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        SimulatedReading simulated = pump.next();
        SimulatedReading reading =
            new SimulatedReading(
                simulated.siteId(),
                simulated.pumpId(),
                Instant.ofEpochMilli(clock.millis()),
                seq++,
                simulated.channels());
        MqttMessage message = new MqttMessage(reading.toJson().getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        try {
          client.publish(topic, message, null, onAck);
        } catch (MqttException e) {
          failed.incrementAndGet();
          window.release();
        }
      }
    }
  }
}
