package io.pumpops.cli;

import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pumpops stack}: runs the embedded stack until Ctrl-C and prints its addresses. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the embedded stack: Kafka (KRaft), the schema registry and the MQTT broker.",
      "Data lives under --data-dir, so a restart continues where the last run stopped."
    })
final class StackCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      description = "Where the stack keeps its data (default: ${DEFAULT-VALUE}).",
      defaultValue = "${sys:pumpops.home:-.}/var/stack")
  Path dataDirectory;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka client port (default: ${DEFAULT-VALUE}; 0 = any free).")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "9093",
      description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
  int controllerPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Schema registry port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description = "MQTT port (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--anonymous-mqtt",
      description = "Let MQTT clients connect without username and password.")
  boolean anonymousMqtt;

  @Option(names = "--fresh", description = "Delete the data directory first and start empty.")
  boolean fresh;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path data = dataDirectory.toAbsolutePath().normalize();
    if (fresh) {
      deleteRecursively(data);
    }
    Optional<MqttCredentials> credentials =
        anonymousMqtt ? Optional.empty() : Optional.of(MqttCredentials.DEVELOPMENT);
    out.println("Starting the PumpOps embedded stack (data in " + data + ") ...");
    long started = System.nanoTime();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalStack.Settings(
                  data, kafkaPort, controllerPort, registryPort, mqttPort, credentials));
    } catch (RuntimeException e) {
      System.err.println("The stack did not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping the stack ...");
                  stack.close();
                  stopped.countDown();
                },
                "stack-shutdown"));
    printAddresses(out, stack.addresses(), (System.nanoTime() - started) / 1_000_000);
    stopped.await();
    return 0;
  }

  private static void printAddresses(PrintStream out, StackAddresses a, long millis) {
    out.printf("PumpOps embedded stack is up (%.1f s).%n", millis / 1000.0);
    out.printf("  Kafka bootstrap servers  %s%n", a.bootstrapServers());
    out.printf("  Schema registry          %s%n", a.schemaRegistryUrl());
    out.printf(
        "  MQTT broker              %s%s%n",
        a.mqttUrl(),
        a.mqttCredentials()
            .map(c -> "  (username " + c.username() + ", password " + c.password() + ")")
            .orElse("  (anonymous)"));
    out.println("For services started by hand:");
    out.println("  export PUMPOPS_KAFKA_BOOTSTRAP_SERVERS=" + a.bootstrapServers());
    out.println("  export PUMPOPS_SCHEMA_REGISTRY_URL=" + a.schemaRegistryUrl());
    out.println("  export PUMPOPS_MQTT_URL=" + a.mqttUrl());
    a.mqttCredentials()
        .ifPresent(
            c -> {
              out.println("  export PUMPOPS_MQTT_USERNAME=" + c.username());
              out.println("  export PUMPOPS_MQTT_PASSWORD=" + c.password());
            });
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
