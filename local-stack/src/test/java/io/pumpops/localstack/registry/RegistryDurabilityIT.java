package io.pumpops.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.Stack;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.PumpFeatures;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.CompatibilityLevel;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded registry keeps its state in Kafka: a new instance serves what the old one stored.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryDurabilityIT {

  @Test
  void aRestartedRegistryServesTheSameIdsVersionsAndConfigs(Stack stack) throws Exception {
    assumeTrue(stack instanceof LocalStack, "only the embedded registry's storage is ours to test");
    String bootstrap = stack.addresses().bootstrapServers();
    String topic = "_schemas-durability-" + UUID.randomUUID();
    String subject = "durability-value";
    int readingId;
    int featuresId;
    try (EmbeddedSchemaRegistry first = new EmbeddedSchemaRegistry(bootstrap, topic);
        RegistryHttpServer server = new RegistryHttpServer(first, 0)) {
      SchemaRegistryClient client = SchemaRegistryClient.of(server.url());
      readingId = client.register(subject, PumpReading.getClassSchema());
      client.setSubjectCompatibility(subject, CompatibilityLevel.NONE);
      featuresId = client.register(subject, PumpFeatures.getClassSchema());
      client.setGlobalCompatibility(CompatibilityLevel.FULL);
    }

    try (EmbeddedSchemaRegistry second = new EmbeddedSchemaRegistry(bootstrap, topic);
        RegistryHttpServer server = new RegistryHttpServer(second, 0)) {
      SchemaRegistryClient client = SchemaRegistryClient.of(server.url());

      assertThat(client.schemaById(readingId)).isEqualTo(PumpReading.getClassSchema());
      assertThat(client.versions(subject)).containsExactly(1, 2);
      assertThat(client.latest(subject).id()).isEqualTo(featuresId);
      assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.NONE);
      assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
      // Ids continue after the highest one stored, never reusing one.
      assertThat(
              client.register("another-value", io.pumpops.schemas.avro.EdgeStatus.getClassSchema()))
          .isGreaterThan(Math.max(readingId, featuresId));
    }
  }
}
