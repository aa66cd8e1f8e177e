package io.pumpops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.registry.artifacts.DirectoryArtifactStore;
import io.pumpops.registry.audit.AuditChain;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.avro.RegistryEntry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  @TempDir Path artifactsDir;

  private InMemoryRegistryLog log;
  private DirectoryArtifactStore artifacts;
  private ModelRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    log = new InMemoryRegistryLog();
    artifacts = new DirectoryArtifactStore(artifactsDir);
    registry =
        new ModelRegistry(
            log, artifacts, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    registry.createModel("pump-anomaly", "PCA T²/Q", "test", "first model");
  }

  @Test
  void registeringTheSameRunTwiceGivesTheSameVersion() throws Exception {
    String model = upload("model-bytes-1");

    ModelRegistry.Registration first =
        registry.registerVersion("pump-anomaly", version(model, null, "run-1"), "trainer", null);
    ModelRegistry.Registration again =
        registry.registerVersion("pump-anomaly", version(model, null, "run-1"), "trainer", null);

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.version().version()).isEqualTo(first.version().version()).isEqualTo(1);
    assertThat(log.registered).hasSize(1);
  }

  @Test
  void aVersionNeedsItsArtifactInTheStore() {
    String missing = "a".repeat(64);

    assertThatThrownBy(
            () ->
                registry.registerVersion(
                    "pump-anomaly", version(missing, null, "run-1"), "trainer", null))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("not in the artifact store");
  }

  @Test
  void promotionCarriesTheProfileAndRollbackMovesTheChampionBack() throws Exception {
    String profile = upload("{\"profile\":1}");
    registry.registerVersion(
        "pump-anomaly", version(upload("m1"), profile, "run-1"), "trainer", null);
    registry.registerVersion(
        "pump-anomaly", version(upload("m2"), profile, "run-2"), "trainer", null);

    registry.setAlias("pump-anomaly", ModelRegistry.CHAMPION, 1, "trainer", "gate passed");
    registry.setAlias("pump-anomaly", ModelRegistry.CHAMPION, 2, "trainer", "gate passed");
    registry.setAlias(
        "pump-anomaly", ModelRegistry.CHAMPION, 1, "alice", "rollback: v2 alarms on pump 7");

    assertThat(registry.requireModel("pump-anomaly").aliases()).containsEntry("champion", 1);
    assertThat(log.promoted)
        .extracting(p -> p.getVersion() + "<-" + p.getPreviousVersion())
        .containsExactly("1<-null", "2<-1", "1<-2");
    assertThat(log.promoted.get(2).getReferenceProfileJson()).isEqualTo("{\"profile\":1}");
    assertThat(log.promoted.get(2).getReferenceProfileSha256()).isEqualTo(profile);
    assertThat(registry.audit("pump-anomaly"))
        .last()
        .satisfies(
            e -> {
              assertThat(e.getActor()).isEqualTo("alice");
              assertThat(e.getReason()).startsWith("rollback");
              assertThat(e.getDetails()).containsEntry("previousVersion", "2");
            });
  }

  @Test
  void theChampionCannotBeArchived() throws Exception {
    registry.registerVersion("pump-anomaly", version(upload("m1"), null, "run-1"), "trainer", null);
    registry.setAlias("pump-anomaly", ModelRegistry.CHAMPION, 1, "trainer", null);

    assertThatThrownBy(() -> registry.archive("pump-anomaly", 1, "alice", "old"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("[champion]");
  }

  @Test
  void anArchivedVersionCannotBePromoted() throws Exception {
    registry.registerVersion("pump-anomaly", version(upload("m1"), null, "run-1"), "trainer", null);
    registry.archive("pump-anomaly", 1, "alice", "bad data");

    assertThatThrownBy(
            () -> registry.setAlias("pump-anomaly", ModelRegistry.CHAMPION, 1, "alice", null))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("archived");
  }

  @Test
  void aRebuiltRegistryAnswersAsTheOriginalAndItsChainVerifies() throws Exception {
    registry.registerVersion("pump-anomaly", version(upload("m1"), null, "run-1"), "trainer", null);
    registry.setAlias("pump-anomaly", "challenger", 1, "trainer", null);

    ModelRegistry rebuilt = new ModelRegistry(log, artifacts, Clock.systemUTC());
    rebuilt.rebuild();

    assertThat(rebuilt.requireModel("pump-anomaly"))
        .isEqualTo(registry.requireModel("pump-anomaly"));
    assertThat(rebuilt.verify().intact()).isTrue();
    assertThat(rebuilt.verify().entries()).isEqualTo(3);
  }

  @Test
  void anEntryThatDoesNotExtendTheChainIsNotApplied() throws Exception {
    registry.registerVersion("pump-anomaly", version(upload("m1"), null, "run-1"), "trainer", null);
    RegistryEntry last = log.entries.get(log.entries.size() - 1);
    // Forged: claims to be the next entry, but its hash was not computed over its content.
    log.entries.add(
        RegistryEntry.newBuilder(last)
            .setSequence(last.getSequence() + 1)
            .setPreviousHash(last.getEntryHash())
            .setAction(io.pumpops.schemas.avro.RegistryAction.ALIAS_SET)
            .setAlias("champion")
            .build());

    ModelRegistry rebuilt = new ModelRegistry(log, artifacts, Clock.systemUTC());
    rebuilt.rebuild();

    assertThat(rebuilt.requireModel("pump-anomaly").aliases()).isEmpty();
    assertThat(rebuilt.rejectedEntries()).isEqualTo(1);
    AuditChain.Verification verification = rebuilt.verify();
    assertThat(verification.intact()).isFalse();
    assertThat(verification.brokenAt().position()).isEqualTo(2);
  }

  private ModelRegistry.NewVersion version(String artifact, String profile, String runId) {
    Lineage lineage =
        Lineage.newBuilder()
            .setDatasetRanges(List.of(new OffsetRange("pump.telemetry", 0, 0L, 100L, 100L)))
            .setDataFingerprint("f".repeat(64))
            .setFeatureSpecVersion("pump-v1")
            .setTrainingConfig(Map.of("k", "1"))
            .setSeed(42L)
            .setCodeVersion("abc")
            .setRunId(runId)
            .build();
    return new ModelRegistry.NewVersion(
        artifact, profile, Map.of("falseAlarmRate", 0.01), lineage, null);
  }

  private String upload(String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    artifacts.put(sha, new ByteArrayInputStream(bytes));
    return sha;
  }
}
