package io.pumpops.schemas.modelregistry;

import io.pumpops.schemas.avro.Lineage;

/** A registered version as clients of the model registry see it. */
public record RegisteredVersion(
    String modelName,
    int version,
    String artifactSha256,
    String profileSha256,
    String featureSpecVersion,
    Lineage lineage) {}
