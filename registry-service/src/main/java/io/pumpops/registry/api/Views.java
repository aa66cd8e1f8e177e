package io.pumpops.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pumpops.registry.audit.AuditChain;
import io.pumpops.registry.state.ModelVersion;
import io.pumpops.registry.state.RegisteredModel;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.RegistryEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of the REST API (requests and responses), mapped from and to the registry's
 * records.
 */
public final class Views {

  private Views() {}

  /** A model, its aliases and how many versions it has. */
  @Serdeable
  public record ModelView(
      String name,
      @Nullable String description,
      String createdBy,
      Instant createdAt,
      Map<String, Integer> aliases,
      int latestVersion,
      int versionCount) {
    static ModelView of(RegisteredModel model) {
      return new ModelView(
          model.name(),
          model.description(),
          model.createdBy(),
          model.createdAt(),
          model.aliases(),
          model.latestVersion(),
          model.versions().size());
    }
  }

  /** One version with its lineage, metrics and the aliases that point to it. */
  @Serdeable
  public record VersionView(
      String modelName,
      int version,
      String artifactSha256,
      @Nullable String profileSha256,
      String featureSpecVersion,
      Map<String, Double> metrics,
      LineageView lineage,
      String registeredBy,
      Instant registeredAt,
      @Nullable String description,
      boolean archived,
      @Nullable String archivedReason,
      List<String> aliases) {
    static VersionView of(RegisteredModel model, ModelVersion v) {
      return new VersionView(
          v.modelName(),
          v.version(),
          v.artifactSha256(),
          v.profileSha256(),
          v.featureSpecVersion(),
          new TreeMap<>(v.metrics()),
          LineageView.of(v.lineage()),
          v.registeredBy(),
          v.registeredAt(),
          v.description(),
          v.archived(),
          v.archivedReason(),
          model.aliasesOf(v.version()));
    }
  }

  /** What a version was built from; enough for {@code pumpops retrain --from-lineage}. */
  @Serdeable
  public record LineageView(
      List<OffsetRangeView> datasetRanges,
      String dataFingerprint,
      String featureSpecVersion,
      Map<String, String> trainingConfig,
      long seed,
      String codeVersion,
      String runId,
      @Nullable String parentRunId) {
    static LineageView of(Lineage lineage) {
      return new LineageView(
          lineage.getDatasetRanges().stream().map(OffsetRangeView::of).toList(),
          lineage.getDataFingerprint(),
          lineage.getFeatureSpecVersion(),
          new TreeMap<>(lineage.getTrainingConfig()),
          lineage.getSeed(),
          lineage.getCodeVersion(),
          lineage.getRunId(),
          lineage.getParentRunId());
    }

    Lineage toAvro() {
      return Lineage.newBuilder()
          .setDatasetRanges(
              datasetRanges == null
                  ? List.of()
                  : datasetRanges.stream().map(OffsetRangeView::toAvro).toList())
          .setDataFingerprint(dataFingerprint)
          .setFeatureSpecVersion(featureSpecVersion)
          .setTrainingConfig(trainingConfig == null ? Map.of() : trainingConfig)
          .setSeed(seed)
          .setCodeVersion(codeVersion)
          .setRunId(runId)
          .setParentRunId(parentRunId)
          .build();
    }
  }

  /** A half-open offset range [fromOffset, toOffset) of one topic partition. */
  @Serdeable
  public record OffsetRangeView(
      String topic, int partition, long fromOffset, long toOffset, long recordCount) {
    static OffsetRangeView of(OffsetRange r) {
      return new OffsetRangeView(
          r.getTopic(), r.getPartition(), r.getFromOffset(), r.getToOffset(), r.getRecordCount());
    }

    OffsetRange toAvro() {
      return new OffsetRange(topic, partition, fromOffset, toOffset, recordCount);
    }
  }

  /** POST /models. */
  @Serdeable
  public record CreateModelRequest(
      String name, @Nullable String description, @Nullable String reason) {}

  /** POST /models/{name}/versions: the artifact (and profile) must have been uploaded first. */
  @Serdeable
  public record RegisterVersionRequest(
      String artifactSha256,
      @Nullable String profileSha256,
      @Nullable Map<String, Double> metrics,
      LineageView lineage,
      @Nullable String description,
      @Nullable String reason) {}

  /** PUT /models/{name}/aliases/{alias}. */
  @Serdeable
  public record AliasRequest(int version, @Nullable String reason) {}

  /** The answer to an alias move. */
  @Serdeable
  public record AliasView(
      String modelName, String alias, int version, @Nullable Integer previousVersion) {}

  /** POST /models/{name}/versions/{version}/archive. */
  @Serdeable
  public record ArchiveRequest(@Nullable String reason) {}

  /** An uploaded artifact. */
  @Serdeable
  public record ArtifactView(String sha256, long sizeBytes, boolean created) {}

  /** One audit entry: who changed what, when, why, and the hash chain links. */
  @Serdeable
  public record AuditEntryView(
      long sequence,
      String eventId,
      Instant eventTime,
      String modelName,
      String action,
      @Nullable Integer version,
      @Nullable String alias,
      @Nullable String artifactSha256,
      String actor,
      @Nullable String reason,
      Map<String, String> details,
      String previousHash,
      String entryHash) {
    static AuditEntryView of(RegistryEntry e) {
      return new AuditEntryView(
          e.getSequence(),
          e.getEventId(),
          e.getEventTime(),
          e.getModelName(),
          e.getAction().name(),
          e.getVersion(),
          e.getAlias(),
          e.getArtifactSha256(),
          e.getActor(),
          e.getReason(),
          new TreeMap<>(e.getDetails()),
          e.getPreviousHash(),
          e.getEntryHash());
    }
  }

  /** GET /audit/verify: intact, or the first broken link. */
  @Serdeable
  public record VerifyView(
      boolean intact, long entries, String headHash, @Nullable BrokenLinkView brokenAt) {
    static VerifyView of(AuditChain.Verification v) {
      BrokenLinkView broken =
          v.brokenAt() == null
              ? null
              : new BrokenLinkView(
                  v.brokenAt().position(),
                  v.brokenAt().sequence(),
                  v.brokenAt().eventId(),
                  v.brokenAt().reason());
      return new VerifyView(v.intact(), v.entries(), v.headHash(), broken);
    }
  }

  /** Where the chain breaks: position in the log, the sequence the entry claims, and why. */
  @Serdeable
  public record BrokenLinkView(long position, long sequence, String eventId, String reason) {}

  /** Every 4xx/5xx answer of this API. */
  @Serdeable
  public record ErrorView(int status, String error, String message) {}
}
