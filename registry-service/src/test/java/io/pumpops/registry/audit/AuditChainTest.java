package io.pumpops.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.RegistryAction;
import io.pumpops.schemas.avro.RegistryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  @Test
  void anUntouchedChainVerifies() {
    AuditChain.Verification verification = AuditChain.verify(chain(4));

    assertThat(verification.intact()).isTrue();
    assertThat(verification.entries()).isEqualTo(4);
    assertThat(verification.headHash()).isEqualTo(chain(4).get(3).getEntryHash());
  }

  @Test
  void changingAnEntrysContentIsDetectedAtThatEntry() {
    List<RegistryEntry> log = chain(4);
    log.get(1).setActor("mallory");

    AuditChain.Verification verification = AuditChain.verify(log);

    assertThat(verification.intact()).isFalse();
    assertThat(verification.brokenAt().position()).isEqualTo(1);
    assertThat(verification.brokenAt().reason()).contains("content does not match entryHash");
  }

  @Test
  void rehashingAChangedEntryStillBreaksTheNextLink() {
    List<RegistryEntry> log = chain(4);
    log.get(1).setReason("rewritten");
    log.get(1).setEntryHash(AuditChain.hashOf(log.get(1), log.get(1).getPreviousHash()));

    AuditChain.Verification verification = AuditChain.verify(log);

    assertThat(verification.brokenAt().position()).isEqualTo(2);
    assertThat(verification.brokenAt().reason()).contains("previousHash");
  }

  @Test
  void removingAnEntryIsDetected() {
    List<RegistryEntry> log = chain(4);
    log.remove(2);

    AuditChain.Verification verification = AuditChain.verify(log);

    assertThat(verification.brokenAt().position()).isEqualTo(2);
    assertThat(verification.brokenAt().reason()).contains("sequence 3 follows 1");
  }

  @Test
  void theHashDoesNotDependOnMapOrder() {
    Map<String, String> ordered = new TreeMap<>(Map.of("a", "1", "b", "2", "c", "3"));
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("c", "3");
    reversed.put("b", "2");
    reversed.put("a", "1");

    assertThat(
            AuditChain.hashOf(
                entry(0, AuditChain.GENESIS).setDetails(reversed).build(), AuditChain.GENESIS))
        .isEqualTo(
            AuditChain.hashOf(
                entry(0, AuditChain.GENESIS).setDetails(ordered).build(), AuditChain.GENESIS));
  }

  @Test
  void theCanonicalFormLeavesOutTheHashItselfAndEmptyFields() {
    String canonical = AuditChain.canonical(entry(0, AuditChain.GENESIS).setEntryHash("x").build());

    assertThat(canonical)
        .doesNotContain("entryHash")
        .doesNotContain("lineage")
        .doesNotContain("metrics")
        .startsWith("{\"action\":\"ALIAS_SET\",\"actor\":\"alice\"");
  }

  private static List<RegistryEntry> chain(int length) {
    List<RegistryEntry> log = new ArrayList<>();
    String previous = AuditChain.GENESIS;
    for (int i = 0; i < length; i++) {
      RegistryEntry entry = entry(i, previous).build();
      entry.setEntryHash(AuditChain.hashOf(entry, previous));
      previous = entry.getEntryHash();
      log.add(entry);
    }
    return log;
  }

  private static RegistryEntry.Builder entry(long sequence, String previousHash) {
    return RegistryEntry.newBuilder()
        .setEventId("e" + sequence)
        .setEventTime(Instant.ofEpochMilli(1_000 * sequence))
        .setSequence(sequence)
        .setModelName("pump-anomaly")
        .setAction(RegistryAction.ALIAS_SET)
        .setAlias("champion")
        .setVersion((int) sequence + 1)
        .setActor("alice")
        .setReason("because")
        .setPreviousHash(previousHash)
        .setEntryHash("");
  }
}
