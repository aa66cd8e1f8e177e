package io.pumpops.ingest.health;

import io.pumpops.ingest.IngestService;
import io.pumpops.messaging.health.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * UP when both the MQTT broker and Kafka are reachable; the details say which one is not. Kafka is
 * asked for its nodes (at most three seconds), since the producer alone would only queue.
 */
public final class IngestHealth implements Supplier<Health>, AutoCloseable {

  private final IngestService ingest;
  private final Admin admin;

  public IngestHealth(IngestService ingest, String bootstrapServers) {
    this.ingest = ingest;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000));
  }

  @Override
  public Health get() {
    boolean mqtt = ingest.mqttConnected();
    boolean kafka = kafkaReachable();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mqtt", mqtt ? "connected" : "disconnected");
    details.put("kafka", kafka ? "reachable" : "unreachable");
    details.put("inFlight", ingest.inFlight());
    return Health.of(mqtt && kafka, details);
  }

  private boolean kafkaReachable() {
    try {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
