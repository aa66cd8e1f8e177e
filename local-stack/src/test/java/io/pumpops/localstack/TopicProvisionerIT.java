package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.topics.TopicProvisioner;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class TopicProvisionerIT {

  private final Admin admin;
  private final TopicProvisioner provisioner;

  TopicProvisionerIT(StackAddresses stack) {
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    provisioner = new TopicProvisioner(admin, Optional.empty());
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  private static TopicSpec<PumpReading> spec(String name, int partitions) {
    return new TopicSpec<>(
        name,
        partitions,
        Duration.ofDays(3),
        TopicConfig.CLEANUP_POLICY_COMPACT,
        "test",
        PumpReading.class);
  }

  @Test
  void createsMissingTopicsWithTheCatalogsPartitionsRetentionAndCleanupPolicy() throws Exception {
    TopicSpec<PumpReading> spec = spec("provision-" + UUID.randomUUID(), 4);

    TopicProvisioner.Result result = provisioner.ensure(List.of(spec));

    assertThat(result.created()).containsExactly(spec.name());
    TopicDescription description =
        admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name());
    assertThat(description.partitions()).hasSize(4);
    Config config = configOf(spec.name());
    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
        .isEqualTo(Long.toString(Duration.ofDays(3).toMillis()));
    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  @Test
  void leavesExistingTopicsExactlyAsTheyAre() throws Exception {
    String name = "provision-existing-" + UUID.randomUUID();
    admin
        .createTopics(
            List.of(
                new NewTopic(name, Optional.of(2), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000"))))
        .all()
        .get();

    TopicProvisioner.Result result = provisioner.ensure(List.of(spec(name, 8)));

    assertThat(result.created()).isEmpty();
    assertThat(result.alreadyExisting()).containsExactly(name);
    assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions())
        .hasSize(2);
    assertThat(configOf(name).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
  }

  @Test
  void theStackProvisionedTheWholeCatalog() throws Exception {
    TopicProvisioner.Result again = provisioner.ensureAll();

    assertThat(again.created()).isEmpty();
    assertThat(again.alreadyExisting()).hasSize(Topics.ALL.size());
    assertThat(configOf(Topics.PUMP_TELEMETRY.name()).get(TopicConfig.RETENTION_MS_CONFIG).value())
        .isEqualTo("-1");
    assertThat(
            admin
                .describeTopics(List.of(Topics.PUMP_TELEMETRY.name()))
                .allTopicNames()
                .get()
                .get(Topics.PUMP_TELEMETRY.name())
                .partitions())
        .hasSize(Topics.PUMP_TELEMETRY.partitions());
  }

  private Config configOf(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
