package io.pumpops.deploy.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits gateways into rollout rings: the canaries first (the configured ids that exist, or else
 * the first {@code canaryCount} by id), then up to {@code secondRingPercent} of the whole fleet,
 * then everyone else. Sorted by id, so the same fleet always gives the same rings. Empty rings are
 * left out.
 */
public record RingPlan(List<String> canaryIds, int canaryCount, int secondRingPercent) {

  public List<List<String>> rings(List<String> gateways) {
    List<String> remaining = new ArrayList<>(gateways.stream().sorted().distinct().toList());
    List<String> canaries = remaining.stream().filter(canaryIds::contains).toList();
    if (canaries.isEmpty()) {
      canaries = remaining.subList(0, Math.min(canaryCount, remaining.size())).stream().toList();
    }
    remaining.removeAll(canaries);
    int secondSize =
        Math.max(0, (int) Math.ceil(gateways.size() * secondRingPercent / 100.0) - canaries.size());
    List<String> second =
        remaining.subList(0, Math.min(secondSize, remaining.size())).stream().toList();
    remaining.removeAll(second);
    List<List<String>> rings = new ArrayList<>();
    for (List<String> ring : List.of(canaries, second, List.copyOf(remaining))) {
      if (!ring.isEmpty()) {
        rings.add(ring);
      }
    }
    return rings;
  }
}
