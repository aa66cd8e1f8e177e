package io.pumpops.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every PumpOps service: its module, main class, usual HTTP port and where Prometheus scrapes it,
 * in the order the demo starts them. Read from {@code services.txt} beside this class, the one list
 * of them, which the {@code pumpops} launcher reads too; tests hold docker-compose.yml, each
 * service's configuration and the Prometheus targets to it.
 */
public final class ServiceCatalog {

  private static final String RESOURCE = "services.txt";
  private static final List<Service> SERVICES = load();

  private ServiceCatalog() {}

  /**
   * One service.
   *
   * @param name what the launcher, the demo and docker-compose call it
   * @param module the Maven module it is built from
   * @param mainClass its entry point
   * @param port the HTTP port it listens on unless configured otherwise (health, metrics, API)
   * @param metricsPath where its Prometheus metrics are served
   */
  public record Service(
      String name, String module, String mainClass, int port, String metricsPath) {

    /** The edge gateway runs at the sites, one per site; the rest run once, centrally. */
    public boolean atTheEdge() {
      return name.equals(EDGE_GATEWAY);
    }
  }

  public static final String EDGE_GATEWAY = "edge-gateway";

  /** Every service, in start order, the edge gateway last. */
  public static List<Service> all() {
    return SERVICES;
  }

  /** The services that run once, centrally, in start order. */
  public static List<Service> central() {
    return SERVICES.stream().filter(s -> !s.atTheEdge()).toList();
  }

  public static Service get(String name) {
    return SERVICES.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no service "
                        + name
                        + " in the catalog; known: "
                        + SERVICES.stream().map(Service::name).toList()));
  }

  static List<Service> parse(BufferedReader lines) throws IOException {
    List<Service> services = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length != 5) {
        throw new IllegalStateException(
            RESOURCE
                + " line "
                + number
                + ": expected name, module, main class, port and metrics path, got: "
                + line);
      }
      services.add(
          new Service(fields[0], fields[1], fields[2], Integer.parseInt(fields[3]), fields[4]));
    }
    return List.copyOf(services);
  }

  private static List<Service> load() {
    try (InputStream in = ServiceCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
