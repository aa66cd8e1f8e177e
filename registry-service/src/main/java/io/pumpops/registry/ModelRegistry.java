package io.pumpops.registry;

import io.pumpops.registry.artifacts.ArtifactStore;
import io.pumpops.registry.audit.AuditChain;
import io.pumpops.registry.log.RegistryLog;
import io.pumpops.registry.state.ModelVersion;
import io.pumpops.registry.state.RegisteredModel;
import io.pumpops.registry.state.RegistryState;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.RegistryAction;
import io.pumpops.schemas.avro.RegistryEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The registry's commands: each one checks the request against the current state, appends one
 * chained entry (and its public event) to the log, and only then applies it to the state. One lock
 * orders the writes, because the hash chain is a single sequence.
 */
public final class ModelRegistry {

  /**
   * Model names and aliases: a letter or digit, then letters, digits, '.', '_' or '-', at most 128.
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public static final String CHAMPION = io.pumpops.schemas.modelregistry.Aliases.CHAMPION;

  /** Profiles up to this size travel inside ModelPromoted; larger ones only by their hash. */
  static final long INLINE_PROFILE_LIMIT_BYTES = 512 * 1024;

  /**
   * A version to register; the artifact (and profile, if any) must already be in the artifact
   * store.
   */
  public record NewVersion(
      String artifactSha256,
      String profileSha256,
      Map<String, Double> metrics,
      Lineage lineage,
      String description) {}

  /**
   * The outcome of a registration: {@code created} is false when the same run's artifact was
   * already there.
   */
  public record Registration(ModelVersion version, boolean created) {}

  private final RegistryLog log;
  private final ArtifactStore artifacts;
  private final Clock clock;
  private final RegistryState state = new RegistryState();

  public ModelRegistry(RegistryLog log, ArtifactStore artifacts, Clock clock) {
    this.log = log;
    this.artifacts = artifacts;
    this.clock = clock;
  }

  /** Rebuilds the state from the whole log; the registry answers from it afterwards. */
  public synchronized void rebuild() {
    log.readAll().forEach(state::apply);
  }

  public synchronized Optional<RegisteredModel> model(String name) {
    return state.model(name);
  }

  public synchronized List<RegisteredModel> models() {
    return state.models();
  }

  public synchronized RegisteredModel requireModel(String name) {
    return state
        .model(name)
        .orElseThrow(() -> RegistryException.notFound("no model named '" + name + "'"));
  }

  public synchronized ModelVersion requireVersion(String name, int version) {
    return requireModel(name)
        .version(version)
        .orElseThrow(
            () -> RegistryException.notFound("model '" + name + "' has no version " + version));
  }

  public synchronized RegisteredModel createModel(
      String name, String description, String actor, String reason) {
    requireName("model name", name);
    if (state.model(name).isPresent()) {
      throw RegistryException.conflict("model '" + name + "' already exists");
    }
    Map<String, String> details = new HashMap<>();
    if (description != null) {
      details.put("description", description);
    }
    append(
        entry(name, RegistryAction.MODEL_CREATED, actor, reason).setDetails(details), null, null);
    return state.model(name).orElseThrow();
  }

  public synchronized Registration registerVersion(
      String name, NewVersion request, String actor, String reason) {
    RegisteredModel model = requireModel(name);
    if (request.lineage() == null) {
      throw RegistryException.invalid(
          "a version needs its lineage (dataset ranges, fingerprint, spec, config, seed, code, run)");
    }
    requireArtifact("artifact", request.artifactSha256());
    if (request.profileSha256() != null) {
      requireArtifact("reference profile", request.profileSha256());
    }
    Optional<ModelVersion> same =
        model.versions().values().stream()
            .filter(
                v ->
                    v.lineage().getRunId().equals(request.lineage().getRunId())
                        && v.artifactSha256().equals(request.artifactSha256()))
            .findFirst();
    if (same.isPresent()) {
      return new Registration(same.get(), false);
    }
    int version = model.latestVersion() + 1;
    Map<String, String> details = new HashMap<>();
    if (request.profileSha256() != null) {
      details.put("profileSha256", request.profileSha256());
    }
    if (request.description() != null) {
      details.put("description", request.description());
    }
    Map<String, Double> metrics = request.metrics() == null ? Map.of() : request.metrics();
    RegistryEntry.Builder entry =
        entry(name, RegistryAction.VERSION_REGISTERED, actor, reason)
            .setVersion(version)
            .setArtifactSha256(request.artifactSha256())
            .setMetrics(metrics)
            .setLineage(request.lineage())
            .setDetails(details);
    ModelRegistered event =
        ModelRegistered.newBuilder()
            .setEventId(name + "/" + version)
            .setEventTime(entry.getEventTime())
            .setModelName(name)
            .setVersion(version)
            .setArtifactSha256(request.artifactSha256())
            .setMetrics(metrics)
            .setLineage(request.lineage())
            .setRegisteredBy(actor)
            .build();
    append(entry, event, null);
    return new Registration(requireVersion(name, version), true);
  }

  /**
   * Points an alias at a version (promotion, or rollback when the version is an older one).
   *
   * @return the version the alias pointed to before, if any
   */
  public synchronized Optional<Integer> setAlias(
      String name, String alias, int version, String actor, String reason) {
    requireName("alias", alias);
    RegisteredModel model = requireModel(name);
    ModelVersion target = requireVersion(name, version);
    if (target.archived()) {
      throw RegistryException.conflict(
          "version " + version + " of '" + name + "' is archived; an alias cannot point to it");
    }
    Integer previous = model.aliases().get(alias);
    if (previous != null && previous == version) {
      return Optional.of(previous);
    }
    Map<String, String> details = new HashMap<>();
    if (previous != null) {
      details.put("previousVersion", previous.toString());
    }
    RegistryEntry.Builder entry =
        entry(name, RegistryAction.ALIAS_SET, actor, reason)
            .setAlias(alias)
            .setVersion(version)
            .setArtifactSha256(target.artifactSha256())
            .setDetails(details);
    ModelPromoted event =
        ModelPromoted.newBuilder()
            .setEventId(entry.getEventId())
            .setEventTime(entry.getEventTime())
            .setModelName(name)
            .setAlias(alias)
            .setVersion(version)
            .setPreviousVersion(previous)
            .setArtifactSha256(target.artifactSha256())
            .setFeatureSpecVersion(target.featureSpecVersion())
            .setReferenceProfileJson(inlineProfile(target).orElse(null))
            .setReferenceProfileSha256(target.profileSha256())
            .setActor(actor)
            .setReason(reason == null ? "" : reason)
            .build();
    append(entry, null, event);
    return Optional.ofNullable(previous);
  }

  public synchronized void removeAlias(String name, String alias, String actor, String reason) {
    RegisteredModel model = requireModel(name);
    Integer version = model.aliases().get(alias);
    if (version == null) {
      throw RegistryException.notFound("model '" + name + "' has no alias '" + alias + "'");
    }
    append(
        entry(name, RegistryAction.ALIAS_REMOVED, actor, reason)
            .setAlias(alias)
            .setVersion(version),
        null,
        null);
  }

  public synchronized ModelVersion archive(String name, int version, String actor, String reason) {
    RegisteredModel model = requireModel(name);
    ModelVersion target = requireVersion(name, version);
    List<String> aliases = model.aliasesOf(version);
    if (!aliases.isEmpty()) {
      throw RegistryException.conflict(
          "version "
              + version
              + " of '"
              + name
              + "' is still "
              + aliases
              + "; move or remove those aliases first");
    }
    if (target.archived()) {
      return target;
    }
    append(
        entry(name, RegistryAction.VERSION_ARCHIVED, actor, reason).setVersion(version),
        null,
        null);
    return requireVersion(name, version);
  }

  /** The applied audit entries, optionally of one model, oldest first. */
  public synchronized List<RegistryEntry> audit(String modelName) {
    return state.entries().stream()
        .filter(e -> modelName == null || e.getModelName().equals(modelName))
        .toList();
  }

  /**
   * Re-reads the whole log from Kafka and recomputes the chain (not from memory: the log is what
   * counts).
   */
  public AuditChain.Verification verify() {
    return AuditChain.verify(log.readAll());
  }

  public synchronized long rejectedEntries() {
    return state.rejectedEntries();
  }

  public synchronized long headSequence() {
    return state.headSequence();
  }

  private RegistryEntry.Builder entry(
      String name, RegistryAction action, String actor, String reason) {
    return RegistryEntry.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(Instant.ofEpochMilli(clock.millis()))
        .setSequence(state.headSequence() + 1)
        .setModelName(name)
        .setAction(action)
        .setActor(actor)
        .setReason(reason)
        .setPreviousHash(state.headHash())
        .setEntryHash("");
  }

  private void append(
      RegistryEntry.Builder builder, ModelRegistered registered, ModelPromoted promoted) {
    RegistryEntry entry = builder.build();
    entry.setEntryHash(AuditChain.hashOf(entry, entry.getPreviousHash()));
    log.append(entry, registered, promoted);
    if (!state.apply(entry)) {
      throw new IllegalStateException(
          "the registry wrote entry " + entry.getSequence() + " that its own chain refuses");
    }
  }

  private void requireArtifact(String what, String sha256) {
    try {
      ArtifactStore.requireSha256(sha256);
    } catch (IllegalArgumentException e) {
      throw RegistryException.invalid(what + ": " + e.getMessage());
    }
    if (!artifacts.contains(sha256)) {
      throw RegistryException.invalid(
          what
              + " "
              + sha256
              + " is not in the artifact store; upload it first "
              + "(PUT /artifacts/"
              + sha256
              + ")");
    }
  }

  private Optional<String> inlineProfile(ModelVersion version) {
    if (version.profileSha256() == null) {
      return Optional.empty();
    }
    try {
      if (artifacts.size(version.profileSha256()) > INLINE_PROFILE_LIMIT_BYTES) {
        return Optional.empty();
      }
      try (InputStream in = artifacts.open(version.profileSha256()).orElseThrow()) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not read reference profile " + version.profileSha256(), e);
    }
  }

  private static void requireName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw RegistryException.invalid(what + " '" + name + "' must match " + NAME.pattern());
    }
  }
}
