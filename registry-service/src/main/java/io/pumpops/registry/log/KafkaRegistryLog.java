package io.pumpops.registry.log;

import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.RegistryEntry;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.TopicScan;
import io.pumpops.schemas.topics.TopicSpec;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry log on Kafka. Entries and their events go out in one transaction under a fixed
 * transactional id: a second registry instance with the same id fences the first, so two writers
 * can never interleave two hash chains. Reads are read_committed, so an aborted write is never
 * replayed into the state.
 */
public final class KafkaRegistryLog implements RegistryLog {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRegistryLog.class);

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<RegistryEntry> entries;
  private final Serializer<ModelRegistered> registrations;
  private final Serializer<ModelPromoted> promotions;
  private final Deserializer<RegistryEntry> entryReader;
  private final Duration readTimeout;

  public KafkaRegistryLog(String bootstrapServers, String transactionalId, SchemaRegistry registry, Duration readTimeout) {
    this.bootstrapServers = bootstrapServers;
    this.readTimeout = readTimeout;
    this.entries = AvroSerdes.valueSerde(Topics.REGISTRY_LOG, registry).serializer();
    this.entryReader = AvroSerdes.valueSerde(Topics.REGISTRY_LOG, registry).deserializer();
    this.registrations = AvroSerdes.valueSerde(Topics.MODEL_REGISTERED, registry).serializer();
    this.promotions = AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry).serializer();
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
        new StringSerializer(), new ByteArraySerializer());
    // Aborts whatever a previous instance with this id left open, and fences it.
    producer.initTransactions();
  }

  @Override
  public synchronized void append(RegistryEntry entry, ModelRegistered registered, ModelPromoted promoted) {
    try {
      producer.beginTransaction();
      send(Topics.REGISTRY_LOG, entry.getModelName(), entries, entry);
      if (registered != null) {
        send(Topics.MODEL_REGISTERED, registered.getModelName(), registrations, registered);
      }
      if (promoted != null) {
        send(Topics.MODEL_PROMOTED, promoted.getModelName(), promotions, promoted);
      }
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw new IllegalStateException("another registry-service instance took over the registry log; this one "
          + "must stop writing", e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw new RegistryLogUnavailableException("could not write registry entry " + entry.getSequence()
          + " to " + Topics.REGISTRY_LOG.name() + ": " + e.getMessage(), e);
    }
  }

  private <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, Serializer<V> serializer, V value) {
    producer.send(new ProducerRecord<>(topic.name(), 0, (Long) null, key, serializer.serialize(topic.name(), value)));
  }

  @Override
  public List<RegistryEntry> readAll() {
    List<RegistryEntry> log = new ArrayList<>();
    try {
      TopicScan.readToEnd(bootstrapServers, Topics.REGISTRY_LOG.name(), readTimeout, record -> {
        try {
          log.add(entryReader.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
          LOG.error("registry log offset {} is not a RegistryEntry and is skipped: {}", record.offset(), e.getMessage());
        }
      });
    } catch (IllegalStateException e) {
      throw new RegistryLogUnavailableException(e.getMessage(), e);
    }
    return log;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
