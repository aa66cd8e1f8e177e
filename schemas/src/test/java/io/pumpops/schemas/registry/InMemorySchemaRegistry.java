package io.pumpops.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A unit-test stand-in for the registry: ids and subjects in memory, no compatibility rules. Tests
 * of the real REST API and of compatibility run against a real registry in local-stack.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final List<Schema> schemas = new ArrayList<>();
  private final Map<String, List<Integer>> idsBySubject = new HashMap<>();

  /** Schema ids start at this value, like a real registry that already has other schemas. */
  private final int firstId;

  public InMemorySchemaRegistry(int firstId) {
    this.firstId = firstId;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    int index = schemas.indexOf(schema);
    if (index < 0) {
      schemas.add(schema);
      index = schemas.size() - 1;
    }
    int id = firstId + index;
    List<Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!ids.contains(id)) {
      ids.add(id);
    }
    return id;
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    int id = firstId + schemas.indexOf(schema);
    if (!idsBySubject.getOrDefault(subject, List.of()).contains(id)) {
      throw new SchemaRegistryException(
          "Schema not found under " + subject, 404, ErrorCode.SCHEMA_NOT_FOUND, null);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    int index = id - firstId;
    if (index < 0 || index >= schemas.size()) {
      throw new SchemaRegistryException(
          "Schema " + id + " not found", 404, ErrorCode.SCHEMA_NOT_FOUND, null);
    }
    return schemas.get(index);
  }
}
