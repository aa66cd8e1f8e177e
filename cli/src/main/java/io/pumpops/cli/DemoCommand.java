package io.pumpops.cli;

import io.pumpops.cli.demo.Demo;
import io.pumpops.localstack.LocalStack;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.simulator.Scenario;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pumpops demo}: the embedded stack, every service, gateways and pumps: the whole loop,
 * live.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the whole closed loop on this machine: the embedded stack, every service, one edge",
      "gateway per site and synthetic pumps. A first champion is trained on the first hour of normal data;",
      "later a drift hits every pump, and the loop detects it, retrains by replay, registers, promotes and",
      "rolls the new model out to the gateways by itself. Each loop event is printed as it happens; the",
      "dashboard shows it all. Ctrl-C stops everything; the next run continues (--fresh starts over).",
      "Pump time runs --speedup times faster than real time until it catches up with the clock."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = "${sys:pumpops.home:-.}/var/demo",
      description =
          "Where the stack and the services keep their data and logs (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--fresh", description = "Delete the data directory first and start over.")
  boolean fresh;

  @Option(
      names = "--sites",
      defaultValue = "2",
      description = "Sites, one edge gateway each (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(
      names = "--pumps-per-site",
      defaultValue = "5",
      description = "Synthetic pumps per site (default: ${DEFAULT-VALUE}).")
  int pumpsPerSite;

  @Option(
      names = "--speedup",
      defaultValue = "60",
      description =
          "Pump time runs this many times faster than real time"
              + " until it catches up (default: ${DEFAULT-VALUE}).")
  long speedup;

  @Option(
      names = "--drift-after",
      defaultValue = "PT5H",
      description =
          "Pump time after the start at which the drift hits (default: ${DEFAULT-VALUE}).")
  Duration driftAfter;

  @Option(
      names = "--drift",
      defaultValue = "SENSOR_OFFSET",
      description =
          "The drift: SENSOR_OFFSET, SEASONAL_TEMPERATURE or SLOW_DEGRADATION (default: ${DEFAULT-VALUE}).")
  Scenario.Kind drift;

  @Option(
      names = "--skab",
      paramLabel = "DIR",
      description =
          "Also replay SKAB recordings from this folder (real pump data with labelled valve faults): one "
              + "more pump per site loops one experiment, e.g. ../shared/data/skab.")
  Path skab;

  @Option(
      names = "--bake-time",
      defaultValue = "PT20S",
      description =
          "How long a ring runs a new model healthy before the next ring gets it (default: ${DEFAULT-VALUE}).")
  Duration bakeTime;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (drift.isFault()) {
      System.err.println(
          drift
              + " is a fault, not a drift; use SENSOR_OFFSET, SEASONAL_TEMPERATURE or SLOW_DEGRADATION.");
      return 2;
    }
    if (skab != null && !Files.isDirectory(skab)) {
      System.err.println(
          "--skab " + skab + " is not a folder (SKAB's data/ folder, or ../shared/data/skab).");
      return 2;
    }
    if (sites < 1 || sites > 9 || pumpsPerSite < 1 || speedup < 1) {
      System.err.println("--sites must be 1..9, --pumps-per-site and --speedup at least 1.");
      return 2;
    }
    Path root = Path.of(System.getProperty("pumpops.home", ".")).toAbsolutePath().normalize();
    Path dataDir = data.toAbsolutePath().normalize();
    if (fresh) {
      StackCommand.deleteRecursively(dataDir);
    }
    out.println(
        "Starting the PumpOps demo (data in "
            + root.relativize(dataDir)
            + "; Ctrl-C stops it) ...");
    long started = System.nanoTime();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalStack.Settings(
                  dataDir.resolve("stack"),
                  9092,
                  9093,
                  8081,
                  1883,
                  Optional.of(MqttCredentials.DEVELOPMENT)));
    } catch (RuntimeException e) {
      System.err.println(
          "The embedded stack did not start: "
              + e.getMessage()
              + " (is './pumpops stack' or another demo running? it uses the same ports)");
      return 1;
    }
    out.printf(
        "  %-17s Kafka %s, schema registry %s, MQTT %s (%4.1f s)%n",
        "embedded stack",
        stack.addresses().bootstrapServers(),
        stack.addresses().schemaRegistryUrl(),
        stack.addresses().mqttUrl(),
        (System.nanoTime() - started) / 1e9);
    List<String> siteIds = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      siteIds.add("site-" + (char) ('a' + i));
    }
    Demo.Settings defaults = Demo.Settings.defaults(root, dataDir);
    Demo demo =
        new Demo(
            new Demo.Settings(
                root,
                dataDir,
                true,
                siteIds,
                pumpsPerSite,
                speedup,
                defaults.history(),
                defaults.bootstrapAfter(),
                driftAfter,
                drift,
                defaults.model(),
                bakeTime,
                Optional.ofNullable(skab),
                defaults.gatewayHeap()),
            stack.addresses(),
            out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping the demo: pumps, gateways, services, stack ...");
                  demo.close();
                  stack.close();
                  out.println(
                      "Stopped. './pumpops demo' continues from here; --fresh starts over.");
                  stopped.countDown();
                },
                "demo-shutdown"));
    try {
      demo.start();
    } catch (RuntimeException e) {
      System.err.println("The demo did not start: " + e.getMessage());
      return 1;
    }
    out.printf(
        "%nPumpOps is running (%.0f s). Dashboard: %s   CLI: ./pumpops models list, ./pumpops rollout status%n",
        (System.nanoTime() - started) / 1e9, demo.url("dashboard"));
    out.println("Loop events as they happen:");
    stopped.await();
    return 0;
  }
}
