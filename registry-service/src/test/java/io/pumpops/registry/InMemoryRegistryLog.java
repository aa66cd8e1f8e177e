package io.pumpops.registry;

import io.pumpops.registry.log.RegistryLog;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.RegistryEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry log as a list, for unit tests of the registry's rules; RegistryServiceIT uses Kafka.
 */
final class InMemoryRegistryLog implements RegistryLog {

  final List<RegistryEntry> entries = new ArrayList<>();
  final List<ModelRegistered> registered = new ArrayList<>();
  final List<ModelPromoted> promoted = new ArrayList<>();

  @Override
  public void append(RegistryEntry entry, ModelRegistered registration, ModelPromoted promotion) {
    entries.add(RegistryEntry.newBuilder(entry).build());
    if (registration != null) {
      registered.add(registration);
    }
    if (promotion != null) {
      promoted.add(promotion);
    }
  }

  @Override
  public List<RegistryEntry> readAll() {
    return entries.stream().map(e -> RegistryEntry.newBuilder(e).build()).toList();
  }

  @Override
  public void close() {}
}
