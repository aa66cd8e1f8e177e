package io.pumpops.registry.state;

import io.pumpops.schemas.avro.Lineage;
import java.time.Instant;
import java.util.Map;

/**
 * One registered version of a model, as the registry log says it is.
 *
 * @param profileSha256 the ReferenceProfile's address in the artifact store, or null if none was
 *     registered
 * @param archivedReason null while the version is not archived
 */
public record ModelVersion(
    String modelName,
    int version,
    String artifactSha256,
    String profileSha256,
    String featureSpecVersion,
    Map<String, Double> metrics,
    Lineage lineage,
    String registeredBy,
    Instant registeredAt,
    String description,
    boolean archived,
    String archivedReason) {

  public ModelVersion {
    metrics = Map.copyOf(metrics);
  }

  ModelVersion archive(String reason) {
    return new ModelVersion(
        modelName,
        version,
        artifactSha256,
        profileSha256,
        featureSpecVersion,
        metrics,
        lineage,
        registeredBy,
        registeredAt,
        description,
        true,
        reason);
  }
}
