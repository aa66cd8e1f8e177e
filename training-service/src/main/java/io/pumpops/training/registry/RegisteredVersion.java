package io.pumpops.training.registry;

import io.pumpops.schemas.avro.Lineage;

/** What training needs to know about a registered version. */
public record RegisteredVersion(String modelName, int version, String artifactSha256, String profileSha256,
                                String featureSpecVersion, Lineage lineage) {
}
