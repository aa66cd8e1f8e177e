package io.pumpops.edge.uplink;

import io.pumpops.edge.GatewayConfig;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.mqtt.NoDelaySockets;
import io.pumpops.schemas.telemetry.SiteBatch;
import io.pumpops.schemas.telemetry.TelemetryTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's link to the cloud broker. One thread drains the {@link DiskQueue} in order, with up
 * to {@link #MAX_IN_FLIGHT} messages (by default) sent and not yet acknowledged by the broker (one
 * at a time, each waiting for its PUBACK, the link could carry no more than one message per round
 * trip). The buffer is acknowledged only up to the last message whose PUBACK (QoS 1) arrived with
 * all before it, so a cut link or a restart resends from the first unacknowledged message and
 * nothing is lost. The same connection subscribes to {@code edge/{gatewayId}/desired}, whose
 * retained message arrives on every (re)connect, so a model published while the gateway was offline
 * reaches it on return.
 *
 * <p>Consecutive readings of the gateway's site go up together as one site batch ({@link Batching},
 * {@code sites/{siteId}/telemetry}); a batch is one message in flight and is acknowledged in the
 * buffer only as a whole.
 *
 * <p>Delivery is at least once: if the link drops after the broker stored a message but before its
 * PUBACK arrived, that message (a batch: all its readings) is sent again. Readings carry (pumpId,
 * seq), anomalies a deterministic id, so the copy is recognisable downstream.
 */
public final class Uplink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Uplink.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** Paho's and HiveMQ's default receive maximum for an MQTT 3.1.1 client. */
  public static final int MAX_IN_FLIGHT = 10;

  private static final long CONNECT_WAIT_MILLIS = 15_000;

  /**
   * A message sent and not yet acknowledged by the broker; it carries the buffer's records up to
   * {@code index}.
   */
  private record InFlight(long index, IMqttDeliveryToken token) {}

  /**
   * What goes out as one message: the buffer's records from the last one sent through {@code
   * lastIndex}.
   */
  private record Outgoing(String topic, byte[] payload, long lastIndex) {}

  private final GatewayConfig.Broker broker;
  private final DiskQueue queue;
  private final String desiredTopic;
  private final Consumer<byte[]> onDesired;
  private final int maxInFlight;
  private final String siteId;
  private final Batching batching;
  private final MqttAsyncClient client;
  private final Thread worker;
  private final Object backoffLock = new Object();

  /**
   * Notified on every PUBACK and on a lost connection: the worker waits on it for the oldest in
   * flight.
   */
  private final Object deliveries = new Object();

  private volatile boolean running = true;
  private volatile Instant downSince;

  public Uplink(
      GatewayConfig.Broker broker,
      String clientId,
      DiskQueue queue,
      String desiredTopic,
      Consumer<byte[]> onDesired) {
    this(broker, clientId, queue, desiredTopic, onDesired, MAX_IN_FLIGHT);
  }

  /**
   * @param maxInFlight messages sent and not yet acknowledged by the broker, at most (1: one per
   *     round trip)
   */
  public Uplink(
      GatewayConfig.Broker broker,
      String clientId,
      DiskQueue queue,
      String desiredTopic,
      Consumer<byte[]> onDesired,
      int maxInFlight) {
    this(broker, clientId, queue, desiredTopic, onDesired, maxInFlight, null, Batching.OFF);
  }

  /**
   * @param siteId the gateway's site: its readings may go up in site batches
   * @param batching how readings are packed; {@link Batching#OFF} sends each alone on its pump's
   *     topic
   */
  public Uplink(
      GatewayConfig.Broker broker,
      String clientId,
      DiskQueue queue,
      String desiredTopic,
      Consumer<byte[]> onDesired,
      int maxInFlight,
      String siteId,
      Batching batching) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
    }
    if (batching.enabled() && siteId == null) {
      throw new IllegalArgumentException("batching needs the gateway's site id");
    }
    this.maxInFlight = maxInFlight;
    this.siteId = siteId;
    this.batching = batching;
    this.broker = broker;
    this.queue = queue;
    this.desiredTopic = desiredTopic;
    this.onDesired = onDesired;
    try {
      this.client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException(
          "Bad uplink MQTT URL " + broker.url() + ": " + e.getMessage(), e);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            markDown("connection lost: " + cause);
            wakeWorker();
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(desiredTopic) && message.getPayload().length > 0) {
              onDesired.accept(message.getPayload());
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {
            wakeWorker();
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
    Deque<InFlight> inFlight = new ArrayDeque<>();
    // the next index to send; behind the acknowledged ones means "from the first unacknowledged"
    long next = -1;
    while (running) {
      try {
        if (!client.isConnected()) {
          // What was in flight may or may not have reached the broker: resend it all (at least
          // once).
          inFlight.clear();
          next = -1;
          if (!connect()) {
            pause(backoff);
            backoff =
                backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                    ? MAX_BACKOFF
                    : backoff.multipliedBy(2);
            continue;
          }
          backoff = Duration.ofMillis(250);
        }
        while (inFlight.size() < maxInFlight) {
          Optional<Outgoing> message = nextMessage(next, inFlight.isEmpty() ? 500 : 0);
          if (message.isEmpty()) {
            break;
          }
          Outgoing m = message.get();
          inFlight.addLast(
              new InFlight(m.lastIndex(), client.publish(m.topic(), m.payload(), 1, false)));
          next = m.lastIndex() + 1;
        }
        acknowledgeDelivered(inFlight);
      } catch (MqttException e) {
        markDown("publish failed: " + e.getMessage());
        disconnectQuietly();
        pause(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Uplink worker error; retrying: {}", e.toString(), e);
        disconnectQuietly();
        pause(backoff);
      }
    }
  }

  /**
   * The next message from the buffer's record {@code from} on: a site batch of the readings that
   * follow one another there (until the batch is full, a record that cannot join comes, or nothing
   * more arrives within the linger), or the record alone.
   */
  private Optional<Outgoing> nextMessage(long from, long waitMillis) throws InterruptedException {
    Optional<DiskQueue.Message> first = queue.peekFrom(from, waitMillis, TimeUnit.MILLISECONDS);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    DiskQueue.Message m = first.get();
    Optional<byte[]> element = batchElement(m);
    if (element.isEmpty()) {
      return Optional.of(new Outgoing(m.topic(), m.payload(), m.index()));
    }
    List<byte[]> elements = new ArrayList<>();
    elements.add(element.get());
    int bytes = SiteBatch.size(elements);
    long last = m.index();
    long deadline = System.nanoTime() + batching.linger().toNanos();
    while (elements.size() < batching.maxReadings()) {
      long wait = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      Optional<DiskQueue.Message> more = queue.peekFrom(last + 1, wait, TimeUnit.MILLISECONDS);
      Optional<byte[]> next = more.flatMap(this::batchElement);
      if (next.isEmpty() || bytes + 1 + next.get().length > batching.maxBytes()) {
        break; // it starts the next message
      }
      elements.add(next.get());
      bytes += 1 + next.get().length;
      last = more.get().index();
    }
    return Optional.of(new Outgoing(MqttTopics.siteBatch(siteId), SiteBatch.of(elements), last));
  }

  /** The record as an element of this site's batch, or empty when it goes up alone. */
  private Optional<byte[]> batchElement(DiskQueue.Message m) {
    if (!batching.enabled()) {
      return Optional.empty();
    }
    return TelemetryTopic.parse(m.topic())
        .filter(t -> t.siteId().equals(siteId))
        .flatMap(t -> SiteBatch.element(t.pumpId(), m.payload()));
  }

  /**
   * Waits briefly for the oldest message in flight, then acknowledges in the buffer every delivered
   * one in order.
   */
  private void acknowledgeDelivered(Deque<InFlight> inFlight)
      throws MqttException, InterruptedException {
    if (inFlight.isEmpty()) {
      return;
    }
    synchronized (deliveries) {
      if (!inFlight.peekFirst().token().isComplete() && client.isConnected()) {
        deliveries.wait(500);
      }
    }
    long through = -1;
    while (!inFlight.isEmpty() && inFlight.peekFirst().token().isComplete()) {
      InFlight done = inFlight.pollFirst();
      MqttException failed = done.token().getException();
      if (failed != null) {
        if (through >= 0) {
          queue.ackThrough(through);
        }
        throw failed;
      }
      through = done.index();
    }
    if (through >= 0) {
      queue.ackThrough(through);
    }
  }

  private void wakeWorker() {
    synchronized (deliveries) {
      deliveries.notifyAll();
    }
  }

  private void disconnectQuietly() {
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(1_000);
      }
    } catch (MqttException ignored) {
      // Already half-closed; the next attempt starts over.
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
    // Paho marks a token complete on its callback thread before its receiver thread has counted the
    // PUBACK off its own in-flight total, so a window of exactly its cap would now and then be
    // refused ("Too many publishes in progress"). Its cap is only a client-side guard: give it
    // room.
    options.setMaxInflight(2 * maxInFlight);
    try {
      client.connect(options).waitForCompletion(CONNECT_WAIT_MILLIS);
      client.subscribe(desiredTopic, 1).waitForCompletion(CONNECT_WAIT_MILLIS);
      Instant since = downSince;
      downSince = null;
      log.info(
          "Uplink to {} connected{}; {} messages buffered",
          broker.url(),
          since == null
              ? ""
              : " after " + Duration.between(since, Instant.now()).toSeconds() + " s offline",
          queue.depth());
      return true;
    } catch (MqttException e) {
      markDown("connect failed: " + e.getMessage());
      disconnectQuietly();
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
        client.disconnect(1_000).waitForCompletion(2_000);
      }
      client.close(true);
    } catch (MqttException | InterruptedException e) {
      log.debug("Uplink closed uncleanly: {}", e.toString());
    }
  }
}
