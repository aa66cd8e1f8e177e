package io.pumpops.featurestream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.features.drift.ReferenceProfile;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The champion version of a model and the reference profile it shipped with. */
record Champion(String modelName, int version, ReferenceProfile profile) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** JSON, the same form the profile travels in on mlops.model-promoted. */
  static Serde<Champion> serde() {
    return Serdes.serdeFrom(
        (topic, champion) -> {
          try {
            return champion == null ? null : JSON.writeValueAsBytes(champion);
          } catch (IOException e) {
            throw new SerializationException("cannot write champion " + champion.modelName(), e);
          }
        },
        (topic, bytes) -> {
          try {
            return bytes == null ? null : JSON.readValue(bytes, Champion.class);
          } catch (IOException e) {
            throw new SerializationException(
                "corrupt champion entry in " + topic + ": " + e.getMessage(), e);
          }
        });
  }
}
