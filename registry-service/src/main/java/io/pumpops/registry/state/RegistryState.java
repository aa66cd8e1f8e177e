package io.pumpops.registry.state;

import io.pumpops.registry.audit.AuditChain;
import io.pumpops.schemas.avro.RegistryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as the log says it is: a projection of {@code mlops.registry-log} entries, applied
 * in log order. Entries that do not extend the hash chain are not applied (a record written to the
 * topic by anything but the registry cannot move an alias); they are counted and {@code
 * /audit/verify} names the first one.
 *
 * <p>Not thread-safe: the registry applies entries under its own lock.
 */
public final class RegistryState {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

  private final Map<String, MutableModel> models = new TreeMap<>();
  private final List<RegistryEntry> entries = new ArrayList<>();
  private long headSequence = -1;
  private String headHash = AuditChain.GENESIS;
  private long rejectedEntries;

  private static final class MutableModel {
    final String name;
    final String description;
    final String createdBy;
    final Instant createdAt;
    final SortedMap<Integer, ModelVersion> versions = new TreeMap<>();
    final SortedMap<String, Integer> aliases = new TreeMap<>();

    MutableModel(String name, String description, String createdBy, Instant createdAt) {
      this.name = name;
      this.description = description;
      this.createdBy = createdBy;
      this.createdAt = createdAt;
    }

    RegisteredModel snapshot() {
      return new RegisteredModel(name, description, createdBy, createdAt, versions, aliases);
    }
  }

  /**
   * Applies the next entry of the log.
   *
   * @return true if it extended the chain and was applied, false if it was rejected
   */
  public boolean apply(RegistryEntry entry) {
    String problem = AuditChain.checkLink(entry, headSequence, headHash);
    if (problem != null) {
      rejectedEntries++;
      LOG.error(
          "registry log entry {} (sequence {}) is not applied: {}",
          entry.getEventId(),
          entry.getSequence(),
          problem);
      return false;
    }
    switch (entry.getAction()) {
      case MODEL_CREATED ->
          models.putIfAbsent(
              entry.getModelName(),
              new MutableModel(
                  entry.getModelName(),
                  entry.getDetails().get("description"),
                  entry.getActor(),
                  entry.getEventTime()));
      case VERSION_REGISTERED ->
          model(entry)
              .versions
              .put(
                  entry.getVersion(),
                  new ModelVersion(
                      entry.getModelName(),
                      entry.getVersion(),
                      entry.getArtifactSha256(),
                      entry.getDetails().get("profileSha256"),
                      entry.getLineage().getFeatureSpecVersion(),
                      entry.getMetrics(),
                      entry.getLineage(),
                      entry.getActor(),
                      entry.getEventTime(),
                      entry.getDetails().get("description"),
                      false,
                      null));
      case ALIAS_SET -> model(entry).aliases.put(entry.getAlias(), entry.getVersion());
      case ALIAS_REMOVED -> model(entry).aliases.remove(entry.getAlias());
      case VERSION_ARCHIVED ->
          model(entry)
              .versions
              .computeIfPresent(
                  entry.getVersion(), (v, version) -> version.archive(entry.getReason()));
      default ->
          LOG.warn(
              "registry log entry {} has action {}, which this version does not apply",
              entry.getEventId(),
              entry.getAction());
    }
    entries.add(entry);
    headSequence = entry.getSequence();
    headHash = entry.getEntryHash();
    return true;
  }

  private MutableModel model(RegistryEntry entry) {
    MutableModel model = models.get(entry.getModelName());
    if (model == null) {
      throw new IllegalStateException(
          "registry log entry "
              + entry.getSequence()
              + " changes model "
              + entry.getModelName()
              + ", which was never created");
    }
    return model;
  }

  public Optional<RegisteredModel> model(String name) {
    MutableModel model = models.get(name);
    return model == null ? Optional.empty() : Optional.of(model.snapshot());
  }

  public List<RegisteredModel> models() {
    return models.values().stream().map(MutableModel::snapshot).toList();
  }

  /** The applied entries, in chain order. */
  public List<RegistryEntry> entries() {
    return Collections.unmodifiableList(entries);
  }

  public long headSequence() {
    return headSequence;
  }

  public String headHash() {
    return headHash;
  }

  /** Entries found on the log that did not extend the chain. */
  public long rejectedEntries() {
    return rejectedEntries;
  }
}
