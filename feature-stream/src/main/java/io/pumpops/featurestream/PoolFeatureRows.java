package io.pumpops.featurestream;

import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.schemas.avro.PumpFeatures;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * One PumpFeatures record → one {@link FeatureRow} of the monitored features, keyed {@link #FLEET}
 * so that every pump's rows meet in one drift-windows task, with the record's offset (drift
 * statistics name the data they were computed from).
 */
final class PoolFeatureRows implements Processor<String, PumpFeatures, String, FeatureRow> {

  /** The one key of the drift rows: the fleet is one population. */
  static final String FLEET = "fleet";

  private final List<String> features;
  private ProcessorContext<String, FeatureRow> context;

  PoolFeatureRows(DriftMonitoring monitoring) {
    this.features = monitoring.features();
  }

  @Override
  public void init(ProcessorContext<String, FeatureRow> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, PumpFeatures> record) {
    if (record.value() == null) {
      return;
    }
    RecordMetadata source = context.recordMetadata().orElseThrow();
    double[] values = new double[features.size()];
    for (int i = 0; i < values.length; i++) {
      Double value = record.value().getFeatures().get(features.get(i));
      values[i] = value != null && Double.isFinite(value) ? value : Double.NaN;
    }
    context.forward(
        record
            .withKey(FLEET)
            .withValue(
                new FeatureRow(
                    values,
                    source.partition(),
                    source.offset(),
                    record.timestamp(),
                    record.value().getPumpId())));
  }
}
