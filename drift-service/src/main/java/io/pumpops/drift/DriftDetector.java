package io.pumpops.drift;

import io.pumpops.drift.policy.DriftPolicy;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.DriftStatistics;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds one model's drift statistics to the {@link DriftPolicy} and forwards its decisions. The
 * policy's state for the model is written to a store after every record, in the same transaction as
 * any decision, so a restart or a moved task continues exactly where it stopped.
 */
final class DriftDetector implements Processor<String, DriftStatistics, String, DriftDetected> {

  static final String STORE = "drift-policy-state";

  private final DriftPolicy policy;
  private final Set<String> loaded = new HashSet<>();
  private ProcessorContext<String, DriftDetected> context;
  private KeyValueStore<String, byte[]> state;

  DriftDetector(DriftPolicy.Settings settings) {
    this.policy = new DriftPolicy(settings);
  }

  @Override
  public void init(ProcessorContext<String, DriftDetected> context) {
    this.context = context;
    this.state = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, DriftStatistics> record) {
    DriftStatistics stats = record.value();
    if (stats == null) {
      return;
    }
    String model = stats.getModelName();
    if (loaded.add(model)) {
      byte[] saved = state.get(model);
      if (saved != null) {
        policy.restore(model, saved);
      }
    }
    Optional<DriftDetected> detection = policy.observe(stats);
    policy.snapshot(model).ifPresent(snapshot -> state.put(model, snapshot));
    detection.ifPresent(
        d -> context.forward(new Record<>(model, d, d.getEventTime().toEpochMilli())));
  }
}
