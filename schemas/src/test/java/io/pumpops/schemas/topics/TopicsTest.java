package io.pumpops.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void catalogHasTheFifteenTopicsWithUniqueNames() {
    Set<String> names = new HashSet<>();
    Topics.ALL.forEach(t -> names.add(t.name()));

    assertThat(names)
        .hasSize(15)
        .contains(
            "pump.telemetry",
            "pump.telemetry.dlq",
            "pumpops.dead-letters",
            "pump.alarms",
            "mlops.registry-log",
            "edge.status",
            "pump.anomalies");
  }

  @Test
  void telemetryIsKeptForeverBecauseTrainingReplaysItByOffset() {
    assertThat(Topics.PUMP_TELEMETRY.configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
  }

  @Test
  void registryLogIsOnePartitionAndNeverCompactedSoTheAuditChainIsTotal() {
    assertThat(Topics.REGISTRY_LOG.partitions()).isEqualTo(1);
    assertThat(Topics.REGISTRY_LOG.configs())
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
  }

  @Test
  void byNameFindsCatalogTopicsOnly() {
    assertThat(Topics.byName("pump.features")).contains(Topics.PUMP_FEATURES);
    assertThat(Topics.byName("pump.feature")).isEmpty();
  }
}
