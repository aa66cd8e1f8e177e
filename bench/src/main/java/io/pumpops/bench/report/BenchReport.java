package io.pumpops.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a benchmark's figures go: a table on the console, {@code <name>.json} with the machine, the
 * date and the command, and {@code <name>.png}, all under the results folder.
 */
public final class BenchReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path folder;
  private final PrintStream out;

  public BenchReport(Path folder, PrintStream out) {
    this.folder = folder;
    this.out = out;
  }

  public PrintStream out() {
    return out;
  }

  /** A JSON object to fill with the figures, already holding the machine, date and command. */
  public ObjectNode start(String name, String command) {
    ObjectNode root = JSON.createObjectNode();
    root.put("benchmark", name);
    root.put("command", command);
    root.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode machine = root.putObject("machine");
    machine.put("host", host());
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    machine.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    machine.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put(
        "jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return root;
  }

  /** Writes the JSON and the chart; returns the JSON's path. */
  public Path finish(String name, ObjectNode figures, BarChart chart) throws IOException {
    Files.createDirectories(folder);
    Path json = folder.resolve(name + ".json");
    JSON.writeValue(json.toFile(), figures);
    Path png = folder.resolve(name + ".png");
    chart.writePng(png);
    out.printf("%nwrote %s and %s%n", json, png);
    return json;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
