package io.pumpops.drift;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * pump.drift-stats (keyed by feature) → regrouped by model, so that one task sees all of a model's
 * features → {@link DriftDetector} (the policy, its state in a changelogged store) →
 * mlops.drift-detected keyed by model.
 */
public final class DriftTopology {

  private DriftTopology() {}

  public static Topology build(
      DriftPolicy.Settings policy,
      Serde<DriftStatistics> statsSerde,
      Serde<DriftDetected> detectedSerde) {
    return build(policy, statsSerde, detectedSerde, detected -> {});
  }

  /**
   * @param onDetected told of each drift-detected event as it is published (metrics); a retried
   *     transaction may tell it twice
   */
  public static Topology build(
      DriftPolicy.Settings policy,
      Serde<DriftStatistics> statsSerde,
      Serde<DriftDetected> detectedSerde,
      java.util.function.Consumer<DriftDetected> onDetected) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DriftDetector.STORE),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.stream(Topics.PUMP_DRIFT_STATS.name(), Consumed.with(Serdes.String(), statsSerde))
        .filter((feature, stats) -> stats != null, Named.as("skip-tombstones"))
        .selectKey((feature, stats) -> stats.getModelName(), Named.as("key-by-model"))
        .repartition(
            Repartitioned.with(Serdes.String(), statsSerde).withName("drift-stats-by-model"))
        .process(() -> new DriftDetector(policy), Named.as("drift-policy"), DriftDetector.STORE)
        .peek((model, detected) -> onDetected.accept(detected), Named.as("count-detections"))
        .to(Topics.DRIFT_DETECTED.name(), Produced.with(Serdes.String(), detectedSerde));
    return builder.build();
  }
}
