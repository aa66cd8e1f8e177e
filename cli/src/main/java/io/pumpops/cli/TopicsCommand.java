package io.pumpops.cli;

import io.pumpops.schemas.topics.TopicProvisioner;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pumpops topics create|list}: the topic catalog (partitions, retention) on any Kafka. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "'create' makes the catalog's topics that are missing on the cluster (the embedded stack does",
      "this by itself; docker-compose runs it once); 'list' prints the catalog."
    })
final class TopicsCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "create or list")
  String action;

  @Option(
      names = "--replication-factor",
      description = "Replication factor of new topics (default: the broker's).")
  Short replicationFactor;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    if (action.equals("list")) {
      for (TopicSpec<?> topic : Topics.ALL) {
        System.out.printf(
            "%-22s %2d partitions  key %s%n", topic.name(), topic.partitions(), topic.keyMeaning());
      }
      return 0;
    }
    if (!action.equals("create")) {
      System.err.println("Unknown action '" + action + "': create or list");
      return 2;
    }
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers))) {
      TopicProvisioner.Result result =
          new TopicProvisioner(admin, Optional.ofNullable(replicationFactor)).ensureAll();
      System.out.println(
          "created " + result.created() + ", already there " + result.alreadyExisting());
      return 0;
    } catch (KafkaException | IllegalStateException e) {
      System.err.println(
          "Could not create the topics on " + kafka.bootstrapServers + ": " + e.getMessage());
      return 1;
    }
  }
}
