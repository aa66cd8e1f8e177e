package io.pumpops.localstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.schemas.registry.CompatibilityLevel;
import io.pumpops.schemas.topics.ReadCommittedConsumers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a compacted, single-partition Kafka topic ({@code _schemas} by
 * default) whose records use Confluent's own key and value JSON, so the topic is readable by the
 * same tools. Keys identify what a record is about (a subject version or a config); compaction
 * keeps the latest record of each key; a null value deletes.
 */
final class SchemaLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final ObjectMapper json = new ObjectMapper();
  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<String, String> producer;

  SchemaLog(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (long) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new StringSerializer());
  }

  String topic() {
    return topic;
  }

  /** Creates the topic, compacted with one partition, unless it exists. */
  void ensureTopic() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(1), Optional.empty())
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "Could not create the registry topic " + topic + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Could not create the registry topic " + topic + ": Kafka did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + topic, e);
    }
  }

  /**
   * Reads the whole topic from the beginning into the state. Returns the number of records read.
   */
  long replayInto(RegistryState state) {
    TopicPartition partition = new TopicPartition(topic, 0);
    long count = 0;
    try (KafkaConsumer<String, String> consumer =
        ReadCommittedConsumers.open(
            bootstrapServers, Map.of(), new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), WRITE_TIMEOUT).get(partition);
      while (consumer.position(partition, WRITE_TIMEOUT) < end) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record.key(), record.value(), state);
          count++;
        }
      }
    }
    log.info("Schema registry state rebuilt from {} records of {}", count, topic);
    return count;
  }

  void writeVersion(RegistryState.Version version) {
    ObjectNode value =
        json.createObjectNode()
            .put("subject", version.subject())
            .put("version", version.version())
            .put("id", version.id())
            .put("schema", version.schema())
            .put("deleted", version.deleted());
    write(versionKey(version.subject(), version.version()), value.toString());
  }

  void deleteVersionPermanently(String subject, int version) {
    write(versionKey(subject, version), null);
  }

  void writeConfig(String subject, CompatibilityLevel level) {
    ObjectNode key = json.createObjectNode().put("keytype", "CONFIG");
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    key.put("magic", 0);
    write(
        key.toString(),
        level == null
            ? null
            : json.createObjectNode().put("compatibilityLevel", level.name()).toString());
  }

  private String versionKey(String subject, int version) {
    return json.createObjectNode()
        .put("keytype", "SCHEMA")
        .put("subject", subject)
        .put("version", version)
        .put("magic", 1)
        .toString();
  }

  private void write(String key, String value) {
    try {
      producer
          .send(new ProducerRecord<>(topic, key, value))
          .get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new RegistryError(
          500,
          50001,
          "Error in the backend data store: could not write to Kafka topic "
              + topic
              + ": "
              + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryError(500, 50002, "Interrupted while writing to " + topic);
    }
  }

  private void apply(String key, String value, RegistryState state) {
    try {
      JsonNode k = json.readTree(key);
      switch (k.path("keytype").asText()) {
        case "SCHEMA" -> {
          if (value == null) {
            state.remove(k.path("subject").asText(), k.path("version").asInt());
          } else {
            JsonNode v = json.readTree(value);
            state.apply(
                new RegistryState.Version(
                    v.path("subject").asText(),
                    v.path("version").asInt(),
                    v.path("id").asInt(),
                    v.path("schema").asText(),
                    v.path("deleted").asBoolean(false)));
          }
        }
        case "CONFIG" -> {
          String subject =
              k.path("subject").isNull() || k.path("subject").isMissingNode()
                  ? null
                  : k.path("subject").asText();
          CompatibilityLevel level =
              value == null
                  ? null
                  : CompatibilityLevel.valueOf(
                      json.readTree(value).path("compatibilityLevel").asText());
          state.applyConfig(subject, level);
        }
        default -> log.debug("Ignoring {} record with key {}", topic, key);
      }
    } catch (IOException | IllegalArgumentException e) {
      // One unreadable record must not make every schema unavailable; say which one it was.
      log.error("Skipping unreadable record in {} (key {}): {}", topic, key, e.toString());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
