package io.pumpops.deploy.delivery;

import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edge.deployments}, keyed by gateway so that one gateway's history stays in order. Sends do
 * not wait: the rollout must not stall on Kafka, and the idempotent producer retries on its own for
 * its delivery timeout (two minutes); a record still not written then is logged.
 */
public final class KafkaDeploymentLog implements DeploymentLog, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeploymentLog.class);

  private final KafkaProducer<String, Deployment> producer;

  public KafkaDeploymentLog(String bootstrapServers, SchemaRegistry registry) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            AvroSerdes.keySerde().serializer(),
            AvroSerdes.valueSerde(Topics.EDGE_DEPLOYMENTS, registry).serializer());
  }

  @Override
  public void record(Deployment deployment) {
    producer.send(
        new ProducerRecord<>(Topics.EDGE_DEPLOYMENTS.name(), deployment.getGatewayId(), deployment),
        (metadata, error) -> {
          if (error != null) {
            LOG.error(
                "could not write {} {} {} to {}: {}",
                deployment.getRolloutId(),
                deployment.getGatewayId(),
                deployment.getStatus(),
                Topics.EDGE_DEPLOYMENTS.name(),
                error.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
