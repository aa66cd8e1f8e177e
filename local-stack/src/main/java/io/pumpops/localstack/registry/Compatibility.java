package io.pumpops.localstack.registry;

import io.pumpops.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The registry's compatibility rules, decided by Avro's own reader/writer checker ({@link
 * SchemaCompatibility}), so that "compatible" means exactly "Avro can resolve it".
 */
final class Compatibility {

  private Compatibility() {}

  /**
   * Checks a candidate schema against a subject's existing versions.
   *
   * @param existing the subject's live versions, oldest first
   * @return why the candidate is incompatible; empty if it is compatible
   */
  static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> existing) {
    if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
      return List.of();
    }
    boolean transitive = level.name().endsWith("_TRANSITIVE");
    List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
    boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
    boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
    List<String> problems = new ArrayList<>();
    for (Schema old : against) {
      if (backward) {
        // BACKWARD: the new schema reads what the old one wrote.
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
            "BACKWARD",
            problems);
      }
      if (forward) {
        // FORWARD: the old schema reads what the new one writes.
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
            "FORWARD",
            problems);
      }
    }
    return problems;
  }

  private static void describe(
      SchemaPairCompatibility result, String direction, List<String> problems) {
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      problems.add(
          "{errorType:'"
              + i.getType()
              + "', description:'"
              + direction
              + ": "
              + i.getMessage()
              + "', additionalInfo:'"
              + i.getLocation()
              + "'}");
    }
  }
}
