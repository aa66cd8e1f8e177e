package io.pumpops.localstack.registry;

import io.pumpops.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state, rebuilt by applying the {@code _schemas} records in order. Plain Java and
 * not thread-safe: {@link EmbeddedSchemaRegistry} serialises access.
 */
final class RegistryState {

  /** One version of one subject. */
  record Version(String subject, int version, int id, String schema, boolean deleted) {}

  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int maxId;

  void apply(Version version) {
    schemaById.put(version.id(), version.schema());
    idBySchema.putIfAbsent(version.schema(), version.id());
    maxId = Math.max(maxId, version.id());
    subjects
        .computeIfAbsent(version.subject(), s -> new TreeMap<>())
        .put(version.version(), version);
  }

  void remove(String subject, int version) {
    NavigableMap<Integer, Version> versions = subjects.get(subject);
    if (versions != null) {
      versions.remove(version);
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    }
  }

  void applyConfig(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  Optional<Integer> idOf(String canonicalSchema) {
    return Optional.ofNullable(idBySchema.get(canonicalSchema));
  }

  int nextId() {
    return maxId + 1;
  }

  /** Versions of a subject, oldest first; soft-deleted ones only when asked for. */
  List<Version> versions(String subject, boolean includeDeleted) {
    List<Version> result = new ArrayList<>();
    for (Version v : subjects.getOrDefault(subject, new TreeMap<>()).values()) {
      if (includeDeleted || !v.deleted()) {
        result.add(v);
      }
    }
    return result;
  }

  /** The next version number of a subject: numbering continues after soft-deleted versions. */
  int nextVersion(String subject) {
    NavigableMap<Integer, Version> versions = subjects.get(subject);
    return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
  }

  List<String> subjects(boolean includeDeleted) {
    List<String> result = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
            result.add(subject);
          }
        });
    return result;
  }

  /** Subjects and versions that use a schema id. */
  List<Version> usesOf(int id) {
    List<Version> result = new ArrayList<>();
    subjects
        .values()
        .forEach(
            versions ->
                versions.values().stream()
                    .filter(v -> v.id() == id && !v.deleted())
                    .forEach(result::add));
    return result;
  }

  CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevel(subject).orElse(globalLevel);
  }
}
