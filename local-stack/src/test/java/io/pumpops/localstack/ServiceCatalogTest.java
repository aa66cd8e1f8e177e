package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The catalog is the one list of services: these hold the modules, main classes, ports and metrics
 * paths it names to what the code does, and the {@code pumpops} launcher to reading it.
 */
class ServiceCatalogTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyEntryNamesAModuleAndMainClassThatExist() {
    assertThat(ServiceCatalog.all()).hasSizeGreaterThanOrEqualTo(8);
    for (ServiceCatalog.Service service : ServiceCatalog.all()) {
      assertThat(ROOT.resolve(service.module()).resolve("pom.xml"))
          .as(service.name() + " module")
          .isRegularFile();
      assertThat(
              ROOT.resolve(service.module())
                  .resolve("src/main/java")
                  .resolve(service.mainClass().replace('.', '/') + ".java"))
          .as(service.name() + " main class")
          .isRegularFile();
    }
    assertThat(ServiceCatalog.all())
        .extracting(ServiceCatalog.Service::name)
        .doesNotHaveDuplicates();
    assertThat(ServiceCatalog.all())
        .extracting(ServiceCatalog.Service::port)
        .doesNotHaveDuplicates();
    assertThat(ServiceCatalog.all().get(ServiceCatalog.all().size() - 1).atTheEdge())
        .as("the gateway starts last")
        .isTrue();
  }

  @Test
  void eachCentralServiceListensOnItsCatalogPortAndServesPrometheusWhereTheCatalogSays() {
    for (ServiceCatalog.Service service : ServiceCatalog.central()) {
      Map<String, Object> yml =
          DockerComposeTest.flatten(
              "",
              DockerComposeTest.yaml(
                  ROOT.resolve(service.module()).resolve("src/main/resources/application.yml")));
      assertThat(yml)
          .as(service.name() + " application.yml")
          .containsEntry("micronaut.server.port", service.port())
          .containsEntry("endpoints.prometheus.enabled", true);
      // Micronaut serves each endpoint at its id.
      assertThat(service.metricsPath()).as(service.name()).isEqualTo("/prometheus");
    }
  }

  @Test
  void theGatewaysDefaultPortAndMetricsPathAreTheCatalogs() throws IOException {
    ServiceCatalog.Service gateway = ServiceCatalog.get(ServiceCatalog.EDGE_GATEWAY);
    String config =
        Files.readString(
            ROOT.resolve("edge-gateway/src/main/java/io/pumpops/edge/GatewayConfig.java"));
    Matcher port = Pattern.compile("\"PUMPOPS_EDGE_HTTP_PORT\", (\\d+)\\)").matcher(config);
    assertThat(port.find())
        .as("GatewayConfig reads PUMPOPS_EDGE_HTTP_PORT with a default")
        .isTrue();
    assertThat(Integer.parseInt(port.group(1))).isEqualTo(gateway.port());
    String admin =
        Files.readString(
            ROOT.resolve("edge-gateway/src/main/java/io/pumpops/edge/admin/AdminServer.java"));
    assertThat(admin).contains("\"" + gateway.metricsPath() + "\"");
  }

  @Test
  void theLauncherReadsTheCatalogRatherThanAListOfItsOwn() throws IOException {
    String launcher = Files.readString(ROOT.resolve("pumpops"));
    assertThat(launcher)
        .contains("local-stack/src/main/resources/io/pumpops/localstack/services.txt");
    for (ServiceCatalog.Service service : ServiceCatalog.all()) {
      assertThat(launcher)
          .as("main class of " + service.name())
          .doesNotContain(service.mainClass());
    }
  }

  @Test
  void aMalformedLineIsRefusedWithItsNumber() {
    assertThatThrownBy(
            () ->
                ServiceCatalog.parse(
                    new BufferedReader(new StringReader("# header\n\nregistry-service x y\n"))))
        .hasMessageContaining("line 3");
  }

  @Test
  void anUnknownServiceIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> ServiceCatalog.get("no-such-service"))
        .hasMessageContaining("no-such-service")
        .hasMessageContaining("registry-service");
  }
}
