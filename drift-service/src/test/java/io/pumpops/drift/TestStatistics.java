package io.pumpops.drift;

import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Drift statistics as feature-stream publishes them, for drift-service's tests on a broker. */
final class TestStatistics {

  private TestStatistics() {}

  /**
   * Model version 1's statistics of one feature over the hour-long window {@code w} hops after
   * {@code t0}: a PSI of 0.8, far past the 0.2 floor.
   */
  static DriftStatistics farPastTheLimit(
      String model, String feature, Instant t0, Duration hop, int w) {
    Instant start = t0.plus(hop.multipliedBy(w));
    return DriftStatistics.newBuilder()
        .setEventId(model + "/1/" + feature + "/" + w)
        .setEventTime(start.plus(Duration.ofHours(1)))
        .setModelName(model)
        .setModelVersion(1)
        .setFeatureName(feature)
        .setWindowStart(start)
        .setWindowEnd(start.plus(Duration.ofHours(1)))
        .setFeatureSpecVersion("pump-v1")
        .setSampleSize(600)
        .setReferenceSize(3600)
        .setPsi(0.8)
        .setDataRanges(List.of())
        .build();
  }

  /**
   * Windows [from, to) of every model, each with the two pressure features far past their limits (a
   * drift in the making), keyed by feature as feature-stream keys them; flushed.
   */
  static void sendFarPastTheLimit(
      KafkaProducer<String, DriftStatistics> producer,
      List<String> models,
      Instant t0,
      Duration hop,
      int from,
      int to) {
    for (int w = from; w < to; w++) {
      for (String model : models) {
        for (String feature : List.of("hydraulicPower.mean", "pressure.mean")) {
          producer.send(
              new ProducerRecord<>(
                  Topics.PUMP_DRIFT_STATS.name(),
                  feature,
                  farPastTheLimit(model, feature, t0, hop, w)));
        }
      }
    }
    producer.flush();
  }
}
