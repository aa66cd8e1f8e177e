package io.pumpops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The target files shipped for docker-compose name every service of the catalog, at its compose
 * name and catalog port, each under the job whose metrics path the catalog gives.
 */
class TargetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TARGETS = Path.of("prometheus/targets");

  @Test
  void theCentralServicesAreScrapedWhereTheCatalogSays() throws IOException {
    assertThat(targets("services.json"))
        .containsExactlyElementsOf(
            ServiceCatalog.central().stream()
                .map(s -> s.name() + ":" + s.port() + " service=" + s.name())
                .toList());
    assertThat(ServiceCatalog.central())
        .allSatisfy(s -> assertThat(s.metricsPath()).isEqualTo("/prometheus"));
  }

  @Test
  void theGatewayIsScrapedWhereTheCatalogSays() throws IOException {
    ServiceCatalog.Service gateway = ServiceCatalog.get(ServiceCatalog.EDGE_GATEWAY);
    assertThat(targets("gateways.json"))
        .containsExactly(gateway.name() + ":" + gateway.port() + " service=" + gateway.name());
    assertThat(gateway.metricsPath()).isEqualTo("/metrics");
  }

  private static List<String> targets(String file) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode group : JSON.readTree(TARGETS.resolve(file).toFile())) {
      for (JsonNode target : group.path("targets")) {
        out.add(target.asText() + " service=" + group.path("labels").path("service").asText());
      }
    }
    return out;
  }
}
