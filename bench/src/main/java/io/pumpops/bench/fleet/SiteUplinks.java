package io.pumpops.bench.fleet;

import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.schemas.telemetry.SiteBatch;
import io.pumpops.simulator.SimulatedReading;
import io.pumpops.simulator.SyntheticPump;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The load of a fleet: one reading per pump per second, from one MQTT client per site. A site with
 * a gateway of its own (its broker given) has its pumps publish one message per reading to its site
 * broker on {@code pumps/{siteId}/{pumpId}/telemetry}, as sensors do, and the gateway forwards
 * them. Every other site stands in for its gateway: its client, logged in as the site's gateway,
 * publishes the readings in site batches on {@code sites/{siteId}/telemetry} to the central broker,
 * exactly the payload a gateway's uplink sends with its default batching (up to 100 readings, 128
 * KiB). Publishing is pipelined (many QoS 1 messages in flight per client, acknowledgements counted
 * as they come), so the generator does not wait on a broker. Each reading's {@code ts} is the wall
 * clock when it was made, so its latency to {@code pump.telemetry} can be read off it.
 */
final class SiteUplinks implements AutoCloseable {

  static final int BATCH_READINGS = 100;
  private static final int BATCH_BYTES = 128 * 1024;
  private static final int IN_FLIGHT = 1000;

  private final List<Site> sites = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong lateTicks = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicReference<RuntimeException> error =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** The id of the n-th site (from 0). */
  static String siteId(int n) {
    return "fleet-site-" + (n + 1);
  }

  /** The id of the n-th site's gateway (from 0). */
  static String gatewayId(int n) {
    return "fleet-gw-" + (n + 1);
  }

  /**
   * Pumps {@code bench-pump-<n>} for n in [firstPump, firstPump + pumps), spread over the sites.
   *
   * @param mqttUrl the central broker
   * @param siteBrokers the broker of each site that has a gateway of its own, by site id (the first
   *     sites)
   * @param pumpsPerGatewaySite how many pumps each of those sites has, at most
   */
  SiteUplinks(
      String mqttUrl,
      Optional<MqttCredentials> credentials,
      java.util.Map<String, String> siteBrokers,
      int pumpsPerGatewaySite,
      int siteCount,
      int firstPump,
      int pumps)
      throws MqttException {
    for (int s = 0; s < siteCount; s++) {
      String siteId = siteId(s);
      String gatewayId = gatewayId(s);
      String siteBroker = siteBrokers.get(siteId);
      String url = siteBroker == null ? mqttUrl : siteBroker;
      MqttAsyncClient client =
          new MqttAsyncClient(
              url,
              (siteBroker == null ? gatewayId : "pumps-of-" + siteId) + "-" + firstPump,
              new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setSocketFactory(NoDelaySockets.forUrl(url));
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setMaxInflight(IN_FLIGHT);
      if (siteBroker == null) {
        credentials
            .map(c -> c.forIdentity(MqttAccessPolicy.gateway(gatewayId, siteId)))
            .ifPresent(
                c -> {
                  options.setUserName(c.username());
                  options.setPassword(c.password().toCharArray());
                });
      }
      client.connect(options).waitForCompletion(30_000);
      sites.add(new Site(siteId, client, siteBroker != null));
    }
    List<Integer> siteOfPump = assign(pumps, siteCount, siteBrokers.size(), pumpsPerGatewaySite);
    for (int i = 0; i < pumps; i++) {
      Site site = sites.get(siteOfPump.get(i));
      site.pumps.add(
          new SyntheticPump(
              site.id,
              "bench-pump-" + (firstPump + i),
              Instant.parse("2026-01-01T00:00:00Z"),
              Duration.ofSeconds(1),
              List.of(),
              firstPump + i,
              Optional.empty()));
    }
    ticker =
        Executors.newScheduledThreadPool(
            Math.min(siteCount, 4),
            task -> {
              Thread thread = new Thread(task, "site-uplink");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts publishing: every site every second, the sites' ticks spread over the second. */
  void start() {
    for (int s = 0; s < sites.size(); s++) {
      Site site = sites.get(s);
      long offset = 1000L * s / sites.size();
      ticker.scheduleAtFixedRate(site::tickSafely, offset, 1000, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops publishing and waits up to a minute for the broker to acknowledge what was sent. */
  void stop() throws InterruptedException {
    ticker.shutdown();
    ticker.awaitTermination(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (acknowledged.get() + failed.get() < published.get() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Readings handed to the MQTT clients. */
  long published() {
    return published.get();
  }

  /** Readings whose batch the broker acknowledged (QoS 1). */
  long acknowledged() {
    return acknowledged.get();
  }

  /** Readings whose batch could not be sent. */
  long failed() {
    return failed.get();
  }

  long messages() {
    return messages.get();
  }

  /** The first error a site's tick ran into, if any. */
  Optional<RuntimeException> error() {
    return Optional.ofNullable(error.get());
  }

  /** Site ticks that found the previous tick of the same site still running (generator behind). */
  long lateTicks() {
    return lateTicks.get();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    for (Site site : sites) {
      try {
        site.client.disconnect().waitForCompletion(5_000);
        site.client.close();
      } catch (MqttException e) {
        // closing after the measurement: nothing left to count
      }
    }
  }

  /**
   * The site (index) of each pump: the first {@code gatewaySites} sites get up to {@code
   * perGatewaySite} pumps each, the others share the rest in turn (all sites do when every site has
   * a gateway).
   */
  static List<Integer> assign(int pumps, int siteCount, int gatewaySites, int perGatewaySite) {
    List<Integer> sites = new ArrayList<>(pumps);
    int onGatewaySites = Math.min(pumps, gatewaySites * perGatewaySite);
    for (int i = 0; i < onGatewaySites; i++) {
      sites.add(i % gatewaySites);
    }
    int others = siteCount - gatewaySites;
    for (int i = 0; sites.size() < pumps; i++) {
      sites.add(others > 0 ? gatewaySites + i % others : i % siteCount);
    }
    return sites;
  }

  /** One MQTT message of a site: its payload and how many readings it carries. */
  record Batch(byte[] payload, int readings) {}

  /**
   * Readings packed as a gateway's uplink packs them with its default batching: site batches of up
   * to {@value #BATCH_READINGS} readings and 128 KiB, in order.
   */
  static List<Batch> batches(List<SimulatedReading> readings) {
    List<Batch> batches = new ArrayList<>();
    List<byte[]> elements = new ArrayList<>(BATCH_READINGS);
    for (SimulatedReading reading : readings) {
      byte[] element =
          SiteBatch.element(reading.pumpId(), reading.toJson().getBytes(StandardCharsets.UTF_8))
              .orElseThrow(() -> new IllegalStateException("not a batchable reading: " + reading));
      elements.add(element);
      if (elements.size() > 1
          && (elements.size() > BATCH_READINGS || SiteBatch.size(elements) > BATCH_BYTES)) {
        elements.remove(elements.size() - 1);
        batches.add(new Batch(SiteBatch.of(elements), elements.size()));
        elements = new ArrayList<>(BATCH_READINGS);
        elements.add(element);
      }
    }
    if (!elements.isEmpty()) {
      batches.add(new Batch(SiteBatch.of(elements), elements.size()));
    }
    return batches;
  }

  private final class Site {
    final String id;
    final MqttAsyncClient client;
    final List<SyntheticPump> pumps = new ArrayList<>();
    final String topic;
    final boolean hasGateway;
    long lastTickNanos;

    Site(String id, MqttAsyncClient client, boolean hasGateway) {
      this.id = id;
      this.client = client;
      this.topic = MqttTopics.siteBatch(id);
      this.hasGateway = hasGateway;
    }

    /** A scheduled task that throws is never run again: keep the site publishing, and say why. */
    void tickSafely() {
      try {
        tick();
      } catch (RuntimeException e) {
        if (error.compareAndSet(null, e)) {
          System.err.println("site " + id + " could not publish: " + e);
        }
      }
    }

    void tick() {
      long now = System.nanoTime();
      if (lastTickNanos != 0 && now - lastTickNanos > 1_500_000_000L) {
        lateTicks.incrementAndGet();
      }
      lastTickNanos = now;
      Instant ts = Instant.now();
      List<SimulatedReading> readings = new ArrayList<>(pumps.size());
      for (SyntheticPump pump : pumps) {
        SimulatedReading simulated = pump.next();
        readings.add(
            new SimulatedReading(
                simulated.siteId(), simulated.pumpId(), ts, simulated.seq(), simulated.channels()));
      }
      if (hasGateway) {
        for (SimulatedReading reading : readings) {
          send(
              MqttTopics.telemetry(id, reading.pumpId()),
              new Batch(reading.toJson().getBytes(StandardCharsets.UTF_8), 1));
        }
      } else {
        for (Batch batch : batches(readings)) {
          send(topic, batch);
        }
      }
    }

    private void send(String topic, Batch batch) {
      int readings = batch.readings();
      MqttMessage message = new MqttMessage(batch.payload());
      message.setQos(1);
      published.addAndGet(readings);
      messages.incrementAndGet();
      try {
        client.publish(
            topic,
            message,
            null,
            new IMqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                acknowledged.addAndGet(readings);
              }

              @Override
              public void onFailure(IMqttToken token, Throwable cause) {
                failed.addAndGet(readings);
              }
            });
      } catch (MqttException e) {
        // Too many in flight, or the connection dropped: counted, the benchmark reports it.
        failed.addAndGet(readings);
      }
    }
  }
}
