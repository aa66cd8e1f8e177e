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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
  private KafkaProducer<String, byte[]> producer;
  private final Serializer<RegistryEntry> entries;
  private final Serializer<ModelRegistered> registrations;
  private final Serializer<ModelPromoted> promotions;
  private final Deserializer<RegistryEntry> entryReader;
  private final Duration readTimeout;
  private final String transactionalId;

  public KafkaRegistryLog(
      String bootstrapServers,
      String transactionalId,
      SchemaRegistry registry,
      Duration readTimeout) {
    this.bootstrapServers = bootstrapServers;
    this.readTimeout = readTimeout;
    this.entries = AvroSerdes.valueSerde(Topics.REGISTRY_LOG, registry).serializer();
    this.entryReader = AvroSerdes.valueSerde(Topics.REGISTRY_LOG, registry).deserializer();
    this.registrations = AvroSerdes.valueSerde(Topics.MODEL_REGISTERED, registry).serializer();
    this.promotions = AvroSerdes.valueSerde(Topics.MODEL_PROMOTED, registry).serializer();
    this.transactionalId = transactionalId;
    this.producer = openProducer();
  }

  private KafkaProducer<String, byte[]> openProducer() {
    KafkaProducer<String, byte[]> opened =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                30_000),
            new StringSerializer(),
            new ByteArraySerializer());
    // Aborts whatever a previous instance with this id left open, and fences it.
    opened.initTransactions();
    return opened;
  }

  /**
   * Appends in one transaction. A producer left in a fatal state (the broker refused the
   * transaction's state, as it can right after another producer with this id closed) is replaced
   * and the append tried once more: the failed transaction committed nothing, so the hash chain is
   * unharmed, and without the replacement every later write would fail until a restart.
   */
  @Override
  public synchronized void append(
      RegistryEntry entry, ModelRegistered registered, ModelPromoted promoted) {
    try {
      appendOnce(entry, registered, promoted);
    } catch (ProducerStateLost lost) {
      LOG.warn(
          "the registry log's producer lost its transaction state ({}); opening a new one and trying again",
          lost.getCause().toString());
      producer.close(Duration.ZERO);
      producer = openProducer();
      try {
        appendOnce(entry, registered, promoted);
      } catch (ProducerStateLost again) {
        throw new RegistryLogUnavailableException(
            "could not write registry entry "
                + entry.getSequence()
                + " to "
                + Topics.REGISTRY_LOG.name()
                + ": "
                + again.getCause().getMessage(),
            again.getCause());
      }
    }
  }

  /** The producer must be replaced before the next transaction. */
  private static final class ProducerStateLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProducerStateLost(KafkaException cause) {
      super(cause);
    }
  }

  private void appendOnce(RegistryEntry entry, ModelRegistered registered, ModelPromoted promoted) {
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
      throw new IllegalStateException(
          "another registry-service instance took over the registry log; this one "
              + "must stop writing",
          e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        e.addSuppressed(abortFailed);
        throw new ProducerStateLost(e);
      }
      if (e instanceof org.apache.kafka.common.errors.InvalidTxnStateException) {
        throw new ProducerStateLost(e);
      }
      throw new RegistryLogUnavailableException(
          "could not write registry entry "
              + entry.getSequence()
              + " to "
              + Topics.REGISTRY_LOG.name()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private <V extends SpecificRecord> void send(
      TopicSpec<V> topic, String key, Serializer<V> serializer, V value) {
    producer.send(
        new ProducerRecord<>(
            topic.name(), 0, (Long) null, key, serializer.serialize(topic.name(), value)));
  }

  @Override
  public List<RegistryEntry> readAll() {
    List<RegistryEntry> log = new ArrayList<>();
    try {
      TopicScan.readToEnd(
          bootstrapServers,
          Topics.REGISTRY_LOG.name(),
          readTimeout,
          record -> {
            try {
              log.add(entryReader.deserialize(record.topic(), record.value()));
            } catch (RuntimeException e) {
              LOG.error(
                  "registry log offset {} is not a RegistryEntry and is skipped: {}",
                  record.offset(),
                  e.getMessage());
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
