package io.pumpops.ingest.health;

import io.micronaut.context.annotation.Property;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.ingest.IngestService;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** UP when both the MQTT broker and Kafka are reachable; the details say which one is not. */
@Singleton
final class IngestHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final IngestService ingest;
  private final Admin admin;

  IngestHealthIndicator(
      IngestService ingest, @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap) {
    this.ingest = ingest;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000));
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean mqtt = ingest.mqttConnected();
    boolean kafka = kafkaReachable();
    healthStatus = mqtt && kafka ? HealthStatus.UP : HealthStatus.DOWN;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mqtt", mqtt ? "connected" : "disconnected");
    details.put("kafka", kafka ? "reachable" : "unreachable");
    details.put("inFlight", ingest.inFlight());
    return details;
  }

  private boolean kafkaReachable() {
    try {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  protected String getName() {
    return "ingest";
  }

  @PreDestroy
  void close() {
    admin.close();
  }
}
