package io.pumpops.registry.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model with its versions (by number) and aliases (alias to version number); an immutable
 * snapshot.
 */
public record RegisteredModel(
    String name,
    String description,
    String createdBy,
    Instant createdAt,
    SortedMap<Integer, ModelVersion> versions,
    SortedMap<String, Integer> aliases) {

  public RegisteredModel {
    versions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    aliases = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
  }

  public Optional<ModelVersion> version(int number) {
    return Optional.ofNullable(versions.get(number));
  }

  /** The version an alias points to, if the alias is set. */
  public Optional<ModelVersion> aliased(String alias) {
    Integer number = aliases.get(alias);
    return number == null ? Optional.empty() : version(number);
  }

  /** The aliases pointing at a version, sorted. */
  public List<String> aliasesOf(int version) {
    return aliases.entrySet().stream()
        .filter(e -> e.getValue() == version)
        .map(Map.Entry::getKey)
        .toList();
  }

  public int latestVersion() {
    return versions.isEmpty() ? 0 : versions.lastKey();
  }
}
