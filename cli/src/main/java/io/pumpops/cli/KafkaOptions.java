package io.pumpops.cli;

import picocli.CommandLine.Option;

/** Where Kafka and the schema registry are, for the commands that read topics. */
final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:PUMPOPS_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description = "Kafka (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      defaultValue = "${env:PUMPOPS_SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081}",
      description = "Schema registry (default: ${DEFAULT-VALUE}).")
  String registryUrl;
}
