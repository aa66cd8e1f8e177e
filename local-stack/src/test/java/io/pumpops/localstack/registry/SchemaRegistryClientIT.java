package io.pumpops.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.localstack.Ports;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.CompatibilityLevel;
import io.pumpops.schemas.registry.CompatibilityResult;
import io.pumpops.schemas.registry.ErrorCode;
import io.pumpops.schemas.registry.IncompatibleSchemaException;
import io.pumpops.schemas.registry.RegisteredSchema;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our REST client against a real registry endpoint. */
@ExtendWith(LocalStackExtension.class)
class SchemaRegistryClientIT {

  private static final Schema READING = PumpReading.getClassSchema();

  /** PumpReading plus a required field without default: new readers cannot read old records. */
  private static final Schema READING_WITH_REQUIRED_FIELD =
      new Schema.Parser()
          .parse(
              READING
                  .toString()
                  .replaceFirst(
                      "\"fields\":\\[",
                      "\"fields\":[{\"name\":\"firmware\",\"type\":\"string\"},"));

  private final SchemaRegistryClient client;
  private final String subject = "client-it-" + UUID.randomUUID() + "-value";

  SchemaRegistryClientIT(StackAddresses stack) {
    this.client = SchemaRegistryClient.of(stack.schemaRegistryUrl());
  }

  @Test
  void registersLooksUpAndFetchesById() {
    int id = client.register(subject, READING);

    RegisteredSchema latest = client.latest(subject);
    RegisteredSchema found = client.lookup(subject, READING);

    assertThat(client.idOf(subject, READING)).isEqualTo(id);
    assertThat(SchemaRegistryClient.of(client.baseUrl().toString()).schemaById(id))
        .isEqualTo(READING);
    assertThat(latest).isEqualTo(new RegisteredSchema(subject, id, 1, READING));
    assertThat(found.version()).isEqualTo(1);
    assertThat(client.versions(subject)).containsExactly(1);
    assertThat(client.subjects()).contains(subject);
  }

  @Test
  void incompatibleSchemaIsRefusedWithAnExceptionNamingTheSubject() {
    client.register(subject, READING);

    CompatibilityResult check = client.checkCompatibility(subject, READING_WITH_REQUIRED_FIELD);

    assertThat(check.compatible()).isFalse();
    assertThat(check.messages()).anySatisfy(m -> assertThat(m).contains("firmware"));
    assertThatThrownBy(() -> client.register(subject, READING_WITH_REQUIRED_FIELD))
        .isInstanceOfSatisfying(
            IncompatibleSchemaException.class,
            e -> {
              assertThat(e.subject()).isEqualTo(subject);
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INCOMPATIBLE_SCHEMA);
              assertThat(e.getMessage()).contains(subject).contains("409");
            });
  }

  @Test
  void subjectCompatibilityCanBeSetAndRead() {
    client.register(subject, READING);
    assertThat(client.subjectCompatibility(subject)).isEmpty();

    client.setSubjectCompatibility(subject, CompatibilityLevel.NONE);

    assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.NONE);
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.register(subject, READING_WITH_REQUIRED_FIELD)).isPositive();
  }

  @Test
  void notFoundErrorsCarryTheRegistryErrorCode() {
    assertThatThrownBy(() -> client.latest("no-such-" + subject))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBJECT_NOT_FOUND);
              assertThat(e.getMessage()).contains("no-such-" + subject);
            });
  }

  @Test
  void unreachableRegistryFailsAfterRetriesWithAClearMessage() {
    int closedPort = Ports.pick(0);
    SchemaRegistryClient unreachable =
        new SchemaRegistryClient(
            new SchemaRegistryClient.Config(
                URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                2,
                Duration.ofMillis(10),
                Optional.empty()));

    assertThatThrownBy(() -> unreachable.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isZero();
              assertThat(e.getMessage())
                  .contains("unreachable after 3 attempts")
                  .contains(String.valueOf(closedPort));
            });
  }
}
