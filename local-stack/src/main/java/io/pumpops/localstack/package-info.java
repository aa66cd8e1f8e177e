/**
 * PumpOps on one machine without Docker: {@link io.pumpops.localstack.LocalStack} starts a real
 * Kafka broker in KRaft mode ({@link io.pumpops.localstack.kafka}), a schema registry speaking the
 * Confluent REST API ({@link io.pumpops.localstack.registry}) and an MQTT broker ({@link
 * io.pumpops.localstack.mqtt}). The JUnit fixture that hands the same stack to integration tests
 * ({@code io.pumpops.localstack.junit}, with the Docker variant {@code ContainersStack}) is test
 * code, published as this module's test-jar, so nothing of JUnit or Testcontainers is on the
 * command line's classpath. {@link io.pumpops.cli} is the {@code pumpops} launcher.
 */
package io.pumpops.localstack;
