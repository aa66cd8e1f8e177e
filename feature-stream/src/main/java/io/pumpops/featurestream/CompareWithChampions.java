package io.pumpops.featurestream;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftStatistics;
import io.pumpops.features.drift.FeatureProfile;
import io.pumpops.features.drift.RelationProfile;
import io.pumpops.schemas.topics.Topics;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A closed drift window of one feature → its statistics against every current champion that
 * profiles the feature (one record per champion). A relation's window ({@code target|given}) is
 * judged by what each champion's own fit leaves over of the target. No champion, no statistics; and
 * a window the data does not span (it starts or stops more than one hop inside it) is not judged.
 */
final class CompareWithChampions
    implements Processor<
        String, DriftWindows.Output.Window, String, io.pumpops.schemas.avro.DriftStatistics> {

  private final FeatureSpec spec;
  private final long slackMillis;
  private ProcessorContext<String, io.pumpops.schemas.avro.DriftStatistics> context;
  private KeyValueStore<String, Champion> champions;

  /**
   * @param hop the drift windows' hop: how far inside a window the data may start or stop
   */
  CompareWithChampions(FeatureSpec spec, java.time.Duration hop) {
    this.spec = spec;
    // The last pump window in a drift window starts one feature window before its end.
    this.slackMillis = hop.toMillis() + spec.window().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, io.pumpops.schemas.avro.DriftStatistics> context) {
    this.context = context;
    this.champions = context.getStateStore(ChampionUpdater.STORE);
  }

  @Override
  public void process(Record<String, DriftWindows.Output.Window> record) {
    DriftWindows.Output.Window window = record.value();
    String feature = window.feature();
    Instant start = Instant.ofEpochMilli(window.startMillis());
    Instant end = Instant.ofEpochMilli(window.endMillis());
    if (!window.sample().covers(start.toEpochMilli(), end.toEpochMilli(), slackMillis)) {
      return;
    }
    double[] values = window.sample().values();
    double[] given = window.sample().given();
    try (KeyValueIterator<String, Champion> all = champions.all()) {
      while (all.hasNext()) {
        KeyValue<String, Champion> entry = all.next();
        Champion champion = entry.value;
        FeatureProfile profile;
        double[] judged;
        if (given.length > 0) {
          // A relation: what this champion's own fit leaves over of the target.
          RelationProfile relation = champion.profile().relations().get(feature);
          if (relation == null) {
            continue;
          }
          profile = relation.residuals();
          judged = relation.residuals(values, given);
        } else {
          profile = champion.profile().features().get(feature);
          judged = values;
        }
        if (profile == null) {
          continue;
        }
        context.forward(
            new Record<>(
                feature,
                DriftStatsRecords.of(
                    champion.modelName(),
                    champion.version(),
                    spec.version(),
                    feature,
                    null,
                    start,
                    end,
                    DriftStatistics.of(profile, judged),
                    profile,
                    window.sample().ranges(Topics.PUMP_FEATURES.name()),
                    window.revision()),
                end.toEpochMilli()));
      }
    }
  }
}
