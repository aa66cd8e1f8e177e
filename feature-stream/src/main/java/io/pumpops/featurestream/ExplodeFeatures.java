package io.pumpops.featurestream;

import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.schemas.avro.PumpFeatures;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One PumpFeatures record → one record per monitored feature, keyed by feature name, carrying the
 * value and the record's offset (so drift statistics can name the data they were computed from).
 */
final class ExplodeFeatures implements Processor<String, PumpFeatures, String, FeatureValue> {

  private final DriftMonitoring monitoring;
  private ProcessorContext<String, FeatureValue> context;

  ExplodeFeatures(DriftMonitoring monitoring) {
    this.monitoring = monitoring;
  }

  @Override
  public void init(ProcessorContext<String, FeatureValue> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, PumpFeatures> record) {
    if (record.value() == null) {
      return;
    }
    RecordMetadata source = context.recordMetadata().orElseThrow();
    for (String feature : monitoring.features()) {
      Double value = record.value().getFeatures().get(feature);
      if (value != null && Double.isFinite(value)) {
        context.forward(
            record
                .withKey(feature)
                .withValue(
                    new FeatureValue(
                        value,
                        source.partition(),
                        source.offset(),
                        record.timestamp(),
                        record.value().getPumpId())));
      }
    }
  }
}
