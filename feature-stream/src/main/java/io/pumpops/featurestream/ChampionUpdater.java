package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.schemas.avro.ModelPromoted;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of champions up to date from mlops.model-promoted.
 *
 * <p>Why a global store with this processor rather than a plain GlobalKTable of the topic: the
 * topic carries every alias move keyed by model name, so a table of it would let a challenger (or
 * any custom alias) overwrite the champion. Only champion moves whose model reads this stream's
 * FeatureSpec and carries its profile are kept. Kafka Streams restores a global store by replaying
 * the topic through this same processor, so the filter holds after a restart too.
 */
final class ChampionUpdater implements Processor<String, ModelPromoted, Void, Void> {

  static final String STORE = "champion-profiles";
  static final String CHAMPION = io.pumpops.schemas.modelregistry.Aliases.CHAMPION;
  private static final Logger log = LoggerFactory.getLogger(ChampionUpdater.class);

  private final FeatureSpec spec;
  private KeyValueStore<String, Champion> champions;

  ChampionUpdater(FeatureSpec spec) {
    this.spec = spec;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    champions = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, ModelPromoted> record) {
    ModelPromoted move = record.value();
    if (move == null || !CHAMPION.equals(move.getAlias())) {
      return;
    }
    String model = move.getModelName();
    if (!spec.version().equals(move.getFeatureSpecVersion())) {
      log.warn(
          "champion {} v{} reads FeatureSpec {}, this stream computes {}: no drift statistics for it",
          model,
          move.getVersion(),
          move.getFeatureSpecVersion(),
          spec.version());
      champions.delete(model);
      return;
    }
    if (move.getReferenceProfileJson() == null) {
      log.warn(
          "champion {} v{} came without an inline reference profile: no drift statistics for it",
          model,
          move.getVersion());
      champions.delete(model);
      return;
    }
    try {
      champions.put(
          model,
          new Champion(
              model, move.getVersion(), ReferenceProfile.fromJson(move.getReferenceProfileJson())));
      log.info("drift is now measured against {} v{}", model, move.getVersion());
    } catch (IllegalArgumentException e) {
      log.warn(
          "champion {} v{} has an unreadable reference profile ({}): no drift statistics for it",
          model,
          move.getVersion(),
          e.getMessage());
      champions.delete(model);
    }
  }
}
