package io.pumpops.bench.ingest;

import io.pumpops.bench.report.LatencyLog;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code pump.telemetry} from its end, as any consumer of validated telemetry would, and
 * counts the benchmark's readings landing there. A reading's latency is the moment this consumer
 * sees it minus its {@code ts}, which the sensor set to the wall clock when it published: MQTT,
 * ingest-service, Kafka and a consumer's fetch, end to end, on one machine's clock.
 */
public final class LandingMeter implements AutoCloseable {

  private final KafkaConsumer<String, PumpReading> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong landed = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  /**
   * (pump number, seq) of every reading seen: delivery is at least once, and a second copy is not a
   * landing.
   */
  private final Set<Long> seen = new HashSet<>();

  private final Object lock = new Object();
  private final LatencyLog latencies = new LatencyLog();

  public LandingMeter(String bootstrapServers, SchemaRegistry registry) {
    consumer =
        ReadCommittedConsumers.open(
            bootstrapServers,
            Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                50),
            new StringDeserializer(),
            AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry).deserializer());
    List<TopicPartition> partitions =
        ReadCommittedConsumers.partitions(consumer, Topics.PUMP_TELEMETRY.name());
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::consume, "landing-meter");
    thread.setDaemon(true);
    thread.start();
  }

  /** Distinct readings of the benchmark seen on pump.telemetry so far. */
  public long landed() {
    return landed.get();
  }

  /**
   * Second copies seen (a redelivery after a lost acknowledgement; consumers drop them by pumpId
   * and seq).
   */
  public long duplicates() {
    return duplicates.get();
  }

  /**
   * Latencies in milliseconds of the readings published in [from, to) (epoch ms), sorted; and
   * forgets everything older than {@code to}.
   */
  public long[] latenciesPublishedBetween(long from, long to) {
    return latencies.between(from, to);
  }

  /**
   * Waits until {@code expected} readings have landed in all; returns how many did not (none,
   * unless some were lost or delivery stopped: then after {@code stall} without progress).
   */
  public long awaitLanded(long expected, Duration stall) throws InterruptedException {
    long last = -1;
    long stalledSince = System.nanoTime();
    while (landed() < expected) {
      long now = landed();
      if (now != last) {
        last = now;
        stalledSince = System.nanoTime();
      } else if (System.nanoTime() - stalledSince > stall.toNanos()) {
        return expected - now;
      }
      Thread.sleep(100);
    }
    return 0;
  }

  private void consume() {
    while (running.get()) {
      var records = consumer.poll(Duration.ofMillis(100));
      long now = System.currentTimeMillis();
      synchronized (lock) {
        for (ConsumerRecord<String, PumpReading> record : records) {
          if (!record.key().startsWith("bench-pump-")) {
            continue;
          }
          long pump = Long.parseLong(record.key().substring("bench-pump-".length()));
          if (!seen.add(pump << 40 | record.value().getSeq())) {
            duplicates.incrementAndGet();
            continue;
          }
          long ts = record.value().getEventTime().toEpochMilli();
          latencies.record(ts, now - ts);
          landed.incrementAndGet();
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
