package io.pumpops.features.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
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

  public static ReferenceProfile fromJson(String json) {
    try {
      return JSON.readValue(json, ReferenceProfile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a ReferenceProfile: " + e.getOriginalMessage(), e);
    }
  }
}
