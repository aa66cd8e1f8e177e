package io.pumpops.localstack;

/**
 * A running set of real infrastructure: Kafka, a schema registry and an MQTT broker. The embedded
 * {@link LocalStack} is the default; {@code ContainersStack} runs the same on Docker.
 */
public interface Stack extends AutoCloseable {

  StackAddresses addresses();

  /** What kind of stack this is, for test reports: {@code embedded} or {@code containers}. */
  String kind();

  @Override
  void close();
}
