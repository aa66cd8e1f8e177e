package io.pumpops.localstack.registry;

import io.pumpops.schemas.registry.CompatibilityLevel;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's operations with the semantics of Confluent's Schema Registry for Avro: global
 * schema ids shared across subjects, versions per subject, compatibility enforced on registration,
 * soft and permanent deletes, global and per-subject compatibility levels. Every change is written
 * to the {@link SchemaLog} before it is applied, so what a client was told is what a restarted
 * registry serves.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private final RegistryState state = new RegistryState();
  private final SchemaLog schemaLog;

  /** A registry whose state lives in the given topic of the given Kafka cluster. */
  public EmbeddedSchemaRegistry(String bootstrapServers, String topic) {
    this.schemaLog = new SchemaLog(bootstrapServers, topic);
    schemaLog.ensureTopic();
    schemaLog.replayInto(state);
  }

  /** A schema as stored: subject, version, global id and schema text. */
  public record Registered(String subject, int version, int id, String schema) {
    static Registered of(RegistryState.Version v) {
      return new Registered(v.subject(), v.version(), v.id(), v.schema());
    }
  }

  /** Registers a schema under a subject, or returns the id it already has there. */
  public synchronized int register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    String canonical = schema.toString();
    List<RegistryState.Version> live = state.versions(subject, false);
    for (RegistryState.Version v : live) {
      if (v.schema().equals(canonical)) {
        return v.id();
      }
    }
    List<String> problems =
        Compatibility.problems(
            state.effectiveLevel(subject),
            schema,
            live.stream().map(v -> parse(v.schema())).toList());
    if (!problems.isEmpty()) {
      throw new RegistryError(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems);
    }
    int id = state.idOf(canonical).orElseGet(state::nextId);
    RegistryState.Version version =
        new RegistryState.Version(subject, state.nextVersion(subject), id, canonical, false);
    schemaLog.writeVersion(version);
    state.apply(version);
    return id;
  }

  /** Finds the version of a subject that has this schema. */
  public synchronized Registered lookup(String subject, String schemaText) {
    String canonical = parse(schemaText).toString();
    List<RegistryState.Version> live = state.versions(subject, false);
    if (live.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return live.stream()
        .filter(v -> v.schema().equals(canonical))
        .findFirst()
        .map(Registered::of)
        .orElseThrow(() -> RegistryError.schemaNotFound("Schema not found"));
  }

  public synchronized String schemaById(int id) {
    return state
        .schemaById(id)
        .orElseThrow(() -> RegistryError.schemaNotFound("Schema " + id + " not found"));
  }

  /** Subject-version pairs that use a schema id. */
  public synchronized List<Registered> usesOf(int id) {
    schemaById(id);
    return state.usesOf(id).stream().map(Registered::of).toList();
  }

  public synchronized List<String> subjects(boolean includeDeleted) {
    return state.subjects(includeDeleted);
  }

  public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
    List<RegistryState.Version> versions = state.versions(subject, includeDeleted);
    if (versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return versions.stream().map(RegistryState.Version::version).toList();
  }

  /** One version of a subject; {@code version} is a number, {@code latest} or {@code -1}. */
  public synchronized Registered version(String subject, String version) {
    List<RegistryState.Version> live = state.versions(subject, false);
    if (live.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    int wanted = parseVersion(version);
    if (wanted == -1) {
      return Registered.of(live.get(live.size() - 1));
    }
    return live.stream()
        .filter(v -> v.version() == wanted)
        .findFirst()
        .map(Registered::of)
        .orElseThrow(() -> RegistryError.versionNotFound(wanted));
  }

  /**
   * Checks a schema against a subject under its compatibility level: against one version, or
   * ({@code version} empty) against what registration would check.
   */
  public synchronized List<String> compatibilityProblems(
      String subject, Optional<String> version, String schemaText) {
    Schema candidate = parse(schemaText);
    CompatibilityLevel level = state.effectiveLevel(subject);
    if (version.isEmpty()) {
      return Compatibility.problems(
          level,
          candidate,
          state.versions(subject, false).stream().map(v -> parse(v.schema())).toList());
    }
    Registered against = version(subject, version.get());
    // Against one named version, transitivity has nothing more to compare with.
    return Compatibility.problems(level, candidate, List.of(parse(against.schema())));
  }

  /** Soft-deletes (or, after that, permanently deletes) a subject; returns the versions deleted. */
  public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
    List<RegistryState.Version> all = state.versions(subject, true);
    if (all.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    List<RegistryState.Version> live = state.versions(subject, false);
    if (permanent) {
      if (!live.isEmpty()) {
        throw new RegistryError(
            404,
            40405,
            "Subject '"
                + subject
                + "' was not deleted first before being"
                + " permanently deleted");
      }
      for (RegistryState.Version v : all) {
        schemaLog.deleteVersionPermanently(subject, v.version());
        state.remove(subject, v.version());
      }
      return all.stream().map(RegistryState.Version::version).toList();
    }
    if (live.isEmpty()) {
      throw new RegistryError(
          404,
          40404,
          "Subject '"
              + subject
              + "' was soft deleted. Set permanent=true to delete"
              + " permanently");
    }
    for (RegistryState.Version v : live) {
      RegistryState.Version deleted =
          new RegistryState.Version(v.subject(), v.version(), v.id(), v.schema(), true);
      schemaLog.writeVersion(deleted);
      state.apply(deleted);
    }
    return live.stream().map(RegistryState.Version::version).toList();
  }

  public synchronized CompatibilityLevel globalLevel() {
    return state.globalLevel();
  }

  public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
    return state.subjectLevel(subject);
  }

  /** Sets the global level ({@code subject} null) or a subject's level. */
  public synchronized void setLevel(String subject, CompatibilityLevel level) {
    schemaLog.writeConfig(subject, level);
    state.applyConfig(subject, level);
  }

  /** Removes a subject's own level, so the global one applies again; returns the removed level. */
  public synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
    CompatibilityLevel previous =
        state.subjectLevel(subject).orElseThrow(() -> RegistryError.subjectNotFound(subject));
    schemaLog.writeConfig(subject, null);
    state.applyConfig(subject, null);
    return previous;
  }

  private static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw new RegistryError(422, 42201, "Invalid schema: empty");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | IllegalArgumentException e) {
      throw new RegistryError(
          422, 42201, "Invalid schema " + schemaText + ", details: " + e.getMessage());
    }
  }

  static int parseVersion(String version) {
    if ("latest".equals(version) || "-1".equals(version)) {
      return -1;
    }
    try {
      int number = Integer.parseInt(version);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Falls through to the documented error.
    }
    throw new RegistryError(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. "
            + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
  }

  @Override
  public void close() {
    schemaLog.close();
  }
}
