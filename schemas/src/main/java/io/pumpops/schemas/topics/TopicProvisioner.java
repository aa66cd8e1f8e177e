package io.pumpops.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics that do not exist yet, with the catalog's settings. Topics that
 * exist are left exactly as they are: their partition count or retention may have been tuned by an
 * operator, and changing a live topic is an operator's decision, not a side effect of start-up.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final Admin admin;
  private final Optional<Short> replicationFactor;

  /**
   * @param admin admin client of the target cluster (not closed by this class)
   * @param replicationFactor replication factor for new topics; empty uses the broker's {@code
   *     default.replication.factor}
   */
  public TopicProvisioner(Admin admin, Optional<Short> replicationFactor) {
    this.admin = admin;
    this.replicationFactor = replicationFactor;
  }

  /** What a provisioning pass did. */
  public record Result(List<String> created, List<String> alreadyExisting) {}

  /** Ensures every topic of the catalog exists. */
  public Result ensureAll() {
    return ensure(Topics.ALL);
  }

  /** Ensures the given topics exist, creating the missing ones. */
  public Result ensure(Collection<TopicSpec<?>> topics) {
    Set<String> existing = await(admin.listTopics().names(), "list topics");
    List<NewTopic> toCreate = new ArrayList<>();
    List<String> alreadyExisting = new ArrayList<>();
    for (TopicSpec<?> spec : topics) {
      if (existing.contains(spec.name())) {
        alreadyExisting.add(spec.name());
      } else {
        toCreate.add(
            new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor)
                .configs(spec.configs()));
      }
    }
    List<String> created = new ArrayList<>();
    if (!toCreate.isEmpty()) {
      CreateTopicsResult result = admin.createTopics(toCreate);
      for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
        try {
          await(entry.getValue(), "create topic " + entry.getKey());
          created.add(entry.getKey());
        } catch (ProvisioningException e) {
          // Another instance may have created it between our list and our create: that is fine.
          if (e.getCause() instanceof TopicExistsException) {
            alreadyExisting.add(entry.getKey());
          } else {
            throw e;
          }
        }
      }
    }
    if (!created.isEmpty()) {
      log.info("Created topics {}", created);
    }
    return new Result(List.copyOf(created), List.copyOf(alreadyExisting));
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ProvisioningException(
          "Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ProvisioningException(
          "Could not " + what + ": no answer from Kafka within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("Interrupted while trying to " + what, e);
    }
  }

  /** Provisioning failed; the message names the topic and the broker's reason. */
  public static final class ProvisioningException extends RuntimeException {
    ProvisioningException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
