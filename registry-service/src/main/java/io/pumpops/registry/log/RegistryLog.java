package io.pumpops.registry.log;

import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.RegistryEntry;
import java.util.List;

/**
 * Where registry entries are kept: {@code mlops.registry-log} in production ({@link
 * KafkaRegistryLog}). An entry and the event it announces are written together or not at all.
 */
public interface RegistryLog extends AutoCloseable {

  /**
   * Appends an entry, with the public event it causes (either may be null), atomically; returns
   * once they are durable.
   */
  void append(RegistryEntry entry, ModelRegistered registered, ModelPromoted promoted);

  /** Every entry on the log, in log order, as a read_committed reader sees it now. */
  List<RegistryEntry> readAll();

  @Override
  void close();
}
