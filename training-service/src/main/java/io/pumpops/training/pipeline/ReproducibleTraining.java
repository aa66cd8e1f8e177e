package io.pumpops.training.pipeline;

import ai.onnxruntime.OrtException;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.features.window.PumpWindows;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.training.model.PcaAnomalyModel;
import io.pumpops.training.onnx.OnnxExport;
import io.pumpops.training.onnx.OnnxParity;
import io.pumpops.training.replay.Replay;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * From a dataset (offset ranges of pump.telemetry) to a model file, deterministically: replay →
 * features by the library → validate → fit → export → parity. The same ranges, spec and settings
 * give the same data fingerprint and the same ONNX bytes, which is what
 * {@code retrain --from-lineage} checks.
 *
 * <p>Not yet here (issue 5): the run as recorded steps on mlops.training-runs, evaluation against
 * the champion and on labels, registration, and the triggers.
 */
public final class ReproducibleTraining {

  /**
   * @param minRows the fewest complete feature windows a model may be trained on
   * @param maxNanShare the largest share of windows with a missing feature before the data is refused
   */
  public record Settings(FeatureSpec spec, PcaAnomalyModel.Settings model, int minRows, double maxNanShare) {
  }

  /** What a run produced; {@code onnxSha256} identifies the model file. */
  public record Outcome(Replay.Result data, int rows, int incompleteRows, PcaAnomalyModel model, byte[] onnx,
                        String onnxSha256, ReferenceProfile profile, OnnxParity.Result parity) {
  }

  /** A gate on the data failed: no model. */
  public static final class DataRejectedException extends RuntimeException {
    public DataRejectedException(String message) {
      super(message);
    }
  }

  private final Replay replay;
  private final Deserializer<PumpReading> readings;

  public ReproducibleTraining(Replay replay, SchemaRegistry registry) {
    this.replay = replay;
    this.readings = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry).deserializer();
  }

  public Outcome train(String modelName, List<OffsetRange> dataset, Settings settings) throws OrtException {
    PumpWindows windows = new PumpWindows(settings.spec());
    Replay.Result data = replay.replay(dataset, (record, range) -> {
      PumpReading reading = readings.deserialize(record.topic(), record.value());
      windows.add(reading.getPumpId(), reading.getSeq(), reading.getEventTime().toEpochMilli(), reading.getChannels());
    });
    List<double[]> rows = new ArrayList<>();
    int incomplete = 0;
    for (PumpWindows.Row row : windows.completeRows()) {
      if (Arrays.stream(row.features()).allMatch(Double::isFinite)) {
        rows.add(row.features());
      } else {
        incomplete++;
      }
    }
    int all = rows.size() + incomplete;
    if (all > 0 && (double) incomplete / all > settings.maxNanShare()) {
      throw new DataRejectedException(incomplete + " of " + all + " windows miss a feature (limit "
          + settings.maxNanShare() + ")");
    }
    if (rows.size() < settings.minRows()) {
      throw new DataRejectedException("only " + rows.size() + " complete feature windows in " + data.records()
          + " readings; at least " + settings.minRows() + " needed");
    }
    List<String> names = settings.spec().featureNames();
    PcaAnomalyModel model = PcaAnomalyModel.fit(names, rows, settings.model());
    Map<String, String> metadata = new TreeMap<>(Map.of(
        "modelName", modelName,
        "featureSpecVersion", settings.spec().version(),
        "featureSpecFingerprint", settings.spec().fingerprint(),
        "dataFingerprint", data.fingerprint()));
    byte[] onnx = OnnxExport.toOnnx(model, modelName, metadata);
    OnnxParity.Result parity = OnnxParity.check(model, onnx, rows);
    if (!parity.passed()) {
      throw new IllegalStateException("ONNX parity failed: worst difference " + parity.worstDifference()
          + " (tolerance " + OnnxParity.TOLERANCE + "), flags agree " + parity.flagsAgree());
    }
    return new Outcome(data, rows.size(), incomplete, model, onnx, sha256(onnx),
        ReferenceProfile.of(settings.spec().version(), names, rows), parity);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
