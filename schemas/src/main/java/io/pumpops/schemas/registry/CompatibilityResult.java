package io.pumpops.schemas.registry;

import java.util.List;

/**
 * Answer to a compatibility check.
 *
 * @param compatible whether the schema may be registered
 * @param messages the registry's reasons when it may not (empty if it gave none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
