package io.pumpops.ingest.support;

import io.pumpops.schemas.avro.PumpReading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Assertions' helpers over readings read back from pump.telemetry. */
public final class Readings {

  private Readings() {}

  /** (pumpId, seq) of each reading: the identity that makes redelivered duplicates harmless. */
  public static Set<String> ids(List<PumpReading> readings) {
    Set<String> ids = new LinkedHashSet<>();
    readings.forEach(r -> ids.add(r.getPumpId() + "#" + r.getSeq()));
    return ids;
  }

  /** Sequence numbers per pump in the order read (offset order within the pump's partition). */
  public static Map<String, List<Long>> seqsByPump(List<PumpReading> readings) {
    Map<String, List<Long>> byPump = new LinkedHashMap<>();
    readings.forEach(
        r -> byPump.computeIfAbsent(r.getPumpId(), p -> new ArrayList<>()).add(r.getSeq()));
    return byPump;
  }

  /** Expected ids for pumps p0..p(n-1) with sequence numbers 0..count-1. */
  public static Set<String> expected(String pumpPrefix, int pumps, int count) {
    Set<String> ids = new LinkedHashSet<>();
    for (int p = 0; p < pumps; p++) {
      for (int s = 0; s < count; s++) {
        ids.add(pumpPrefix + p + "#" + s);
      }
    }
    return ids;
  }
}
