/**
 * PumpOps on one machine without Docker: {@link io.pumpops.localstack.LocalStack} starts a real
 * Kafka broker in KRaft mode ({@link io.pumpops.localstack.kafka}), a schema registry speaking the
 * Confluent REST API ({@link io.pumpops.localstack.registry}) and an MQTT broker ({@link
 * io.pumpops.localstack.mqtt}). {@link io.pumpops.localstack.junit} hands the same stack to
 * integration tests, and {@link io.pumpops.localstack.cli} is the {@code pumpops} launcher.
 */
package io.pumpops.localstack;
