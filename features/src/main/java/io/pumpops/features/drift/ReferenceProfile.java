package io.pumpops.features.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.features.drift.avro.FeatureProfileRecord;
import io.pumpops.features.drift.avro.ReferenceProfileRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import org.apache.avro.AvroRuntimeException;
import java.util.List;
import java.util.Map;

/**
 * The reference distributions of a model's features, built from its training set and shipped
 * with the model, so drift is always measured against what this model learned from.
 *
 * @param featureSpecVersion the FeatureSpec the features were computed with
 * @param features profile per feature name, in the spec's order
 */
public record ReferenceProfile(String featureSpecVersion, Map<String, FeatureProfile> features) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public ReferenceProfile {
    features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * Profiles a training set given as rows of feature vectors.
   *
   * @param names the feature names, in the order of each row's values
   */
  public static ReferenceProfile of(String featureSpecVersion, List<String> names, List<double[]> rows) {
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    for (int f = 0; f < names.size(); f++) {
      int column = f;
      double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
      profiles.put(names.get(f), FeatureProfile.of(names.get(f), values, FeatureProfile.DEFAULT_BINS,
          FeatureProfile.DEFAULT_QUANTILES));
    }
    return new ReferenceProfile(featureSpecVersion, profiles);
  }

  /** Deterministic JSON (features in the spec's order), so equal profiles are equal bytes and hash alike. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ReferenceProfile is always serializable", e);
    }
  }

  /**
   * Avro single-object encoding (a two-byte marker, the schema's fingerprint, then Avro binary):
   * self-describing enough that a reader with another schema version can resolve it.
   */
  public byte[] toAvro() {
    List<FeatureProfileRecord> records = features.values().stream().map(p -> FeatureProfileRecord.newBuilder()
        .setFeature(p.feature())
        .setBinEdges(Arrays.stream(p.binEdges()).boxed().toList())
        .setBinCounts(Arrays.stream(p.binCounts()).boxed().toList())
        .setQuantiles(Arrays.stream(p.quantiles()).boxed().toList())
        .setMean(p.mean()).setStd(p.std()).setSampleSize(p.sampleSize())
        .build()).toList();
    try {
      ByteBuffer buffer = new ReferenceProfileRecord(featureSpecVersion, records).toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a ReferenceProfile in memory cannot fail", e);
    }
  }

  public static ReferenceProfile fromAvro(byte[] bytes) {
    ReferenceProfileRecord record;
    try {
      record = ReferenceProfileRecord.fromByteBuffer(ByteBuffer.wrap(bytes));
    } catch (IOException | AvroRuntimeException e) {
      throw new IllegalArgumentException("not a ReferenceProfile in Avro single-object encoding: " + e.getMessage(), e);
    }
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    for (FeatureProfileRecord p : record.getFeatures()) {
      profiles.put(p.getFeature(), new FeatureProfile(p.getFeature(),
          p.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
          p.getBinCounts().stream().mapToLong(Long::longValue).toArray(),
          p.getQuantiles().stream().mapToDouble(Double::doubleValue).toArray(),
          p.getMean(), p.getStd(), p.getSampleSize()));
    }
    return new ReferenceProfile(record.getFeatureSpecVersion(), profiles);
  }

  public static ReferenceProfile fromJson(String json) {
    try {
      return JSON.readValue(json, ReferenceProfile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a ReferenceProfile: " + e.getOriginalMessage(), e);
    }
  }
}
