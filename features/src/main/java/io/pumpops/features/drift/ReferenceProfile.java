package io.pumpops.features.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.features.drift.avro.FeatureProfileRecord;
import io.pumpops.features.drift.avro.ReferenceProfileRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

/**
 * The reference distributions of a model's features, built from its training set and shipped with
 * the model, so drift is always measured against what this model learned from.
 *
 * @param featureSpecVersion the FeatureSpec the features were computed with
 * @param features profile per feature name, in the spec's order
 * @param relations profile per {@link Relation} name ({@code target|given}), in the order they were
 *     asked for; empty in profiles from before relations, and then left out of the JSON, so that
 *     those profiles keep their bytes
 */
public record ReferenceProfile(
    String featureSpecVersion,
    Map<String, FeatureProfile> features,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, RelationProfile> relations) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * Reads the current schema and every earlier one (packages built before a field was added stay
   * readable): 1 had no PSI limits.
   */
  private static final BinaryMessageDecoder<ReferenceProfileRecord> DECODER = decoder();

  public ReferenceProfile {
    features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    relations =
        java.util.Collections.unmodifiableMap(
            relations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(relations));
  }

  /** Without relations. */
  public ReferenceProfile(String featureSpecVersion, Map<String, FeatureProfile> features) {
    this(featureSpecVersion, features, Map.of());
  }

  /** The same profile with these relations (fitted by {@link RelationProfile#fit}). */
  public ReferenceProfile withRelations(Map<String, RelationProfile> relations) {
    return new ReferenceProfile(featureSpecVersion, features, relations);
  }

  /**
   * Fits each relation on the rows and profiles what it leaves over, limits calibrated as the
   * features' are; a relation whose features the rows lack, or too few rows, is left out.
   *
   * @param names the feature names, in the order of each row's values
   * @param times each row's window start (epoch millis); calibration null for no limits
   */
  public static Map<String, RelationProfile> relations(
      List<Relation> relations,
      List<String> names,
      List<double[]> rows,
      long[] times,
      DriftCalibration calibration) {
    Map<String, RelationProfile> fitted = new LinkedHashMap<>();
    for (Relation relation : relations) {
      int target = names.indexOf(relation.target());
      int given = names.indexOf(relation.given());
      if (target < 0 || given < 0) {
        continue;
      }
      double[] y = rows.stream().mapToDouble(r -> r[target]).toArray();
      double[] x = rows.stream().mapToDouble(r -> r[given]).toArray();
      RelationProfile.fit(relation, y, x, times, calibration)
          .ifPresent(p -> fitted.put(relation.name(), p));
    }
    return fitted;
  }

  /**
   * Profiles a training set given as rows of feature vectors.
   *
   * @param names the feature names, in the order of each row's values
   */
  public static ReferenceProfile of(
      String featureSpecVersion, List<String> names, List<double[]> rows) {
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    for (int f = 0; f < names.size(); f++) {
      int column = f;
      double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
      profiles.put(
          names.get(f),
          FeatureProfile.of(
              names.get(f), values, FeatureProfile.DEFAULT_BINS, FeatureProfile.DEFAULT_QUANTILES));
    }
    return new ReferenceProfile(featureSpecVersion, profiles);
  }

  /**
   * Profiles a training set and calibrates each feature's drift limits on it ({@link
   * DriftCalibration}).
   *
   * @param names the feature names, in the order of each row's values
   * @param times each row's window start (epoch millis), to cut the span into blocks
   */
  public static ReferenceProfile calibrated(
      String featureSpecVersion,
      List<String> names,
      List<double[]> rows,
      long[] times,
      DriftCalibration calibration) {
    ReferenceProfile plain = of(featureSpecVersion, names, rows);
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    for (int f = 0; f < names.size(); f++) {
      int column = f;
      double[] values = rows.stream().mapToDouble(r -> r[column]).toArray();
      FeatureProfile profile = plain.features().get(names.get(f));
      profiles.put(
          names.get(f), calibration.limits(values, times).map(profile::withLimits).orElse(profile));
    }
    return new ReferenceProfile(featureSpecVersion, profiles);
  }

  /**
   * Deterministic JSON (features in the spec's order), so equal profiles are equal bytes and hash
   * alike.
   */
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
    if (!relations.isEmpty()) {
      // The Avro schema predates relations; JSON (what models and promotions carry) has them.
      throw new IllegalStateException(
          "a ReferenceProfile with relations has no Avro encoding yet; use toJson()");
    }
    List<FeatureProfileRecord> records =
        features.values().stream()
            .map(
                p ->
                    FeatureProfileRecord.newBuilder()
                        .setFeature(p.feature())
                        .setBinEdges(Arrays.stream(p.binEdges()).boxed().toList())
                        .setBinCounts(Arrays.stream(p.binCounts()).boxed().toList())
                        .setQuantiles(Arrays.stream(p.quantiles()).boxed().toList())
                        .setMean(p.mean())
                        .setStd(p.std())
                        .setSampleSize(p.sampleSize())
                        .setPsiLimit(p.psiLimit())
                        .setWassersteinLimit(p.wassersteinLimit())
                        .build())
            .toList();
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
      record = DECODER.decode(ByteBuffer.wrap(bytes));
    } catch (IOException | AvroRuntimeException e) {
      throw new IllegalArgumentException(
          "not a ReferenceProfile in Avro single-object encoding: " + e.getMessage(), e);
    }
    Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
    for (FeatureProfileRecord p : record.getFeatures()) {
      profiles.put(
          p.getFeature(),
          new FeatureProfile(
              p.getFeature(),
              p.getBinEdges().stream().mapToDouble(Double::doubleValue).toArray(),
              p.getBinCounts().stream().mapToLong(Long::longValue).toArray(),
              p.getQuantiles().stream().mapToDouble(Double::doubleValue).toArray(),
              p.getMean(),
              p.getStd(),
              p.getSampleSize(),
              p.getPsiLimit(),
              p.getWassersteinLimit()));
    }
    return new ReferenceProfile(record.getFeatureSpecVersion(), profiles);
  }

  private static BinaryMessageDecoder<ReferenceProfileRecord> decoder() {
    BinaryMessageDecoder<ReferenceProfileRecord> decoder =
        new BinaryMessageDecoder<>(SpecificData.get(), ReferenceProfileRecord.getClassSchema());
    try (InputStream v1 =
        ReferenceProfile.class.getResourceAsStream("ReferenceProfileRecord-1.avsc")) {
      decoder.addSchema(
          new Schema.Parser().parse(Objects.requireNonNull(v1, "ReferenceProfileRecord-1.avsc")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading an earlier ReferenceProfile schema from the classpath", e);
    }
    return decoder;
  }

  public static ReferenceProfile fromJson(String json) {
    try {
      return JSON.readValue(json, ReferenceProfile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a ReferenceProfile: " + e.getOriginalMessage(), e);
    }
  }
}
