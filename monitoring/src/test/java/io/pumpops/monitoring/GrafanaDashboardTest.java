package io.pumpops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioned Grafana dashboard: it uses the provisioned data source, its panels do not
 * overlap, and every query is PromQL that Prometheus parses (promtool checks each one as a
 * recording rule). That the metrics it names exist is checked on the running system by
 * ClosedLoopIT.
 */
class GrafanaDashboardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GRAFANA = Path.of("grafana");

  private final JsonNode dashboard = read(GRAFANA.resolve("dashboards/pumpops.json"));

  @Test
  void everyPanelQueriesTheProvisionedDataSource() throws IOException {
    String provisioned =
        Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
    String uid = dashboard.path("panels").get(0).path("datasource").path("uid").asText();
    assertThat(provisioned).contains("uid: " + uid);
    assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
    Set<Integer> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(uid);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      JsonNode grid = panel.path("gridPos");
      for (int x = grid.path("x").asInt();
          x < grid.path("x").asInt() + grid.path("w").asInt();
          x++) {
        for (int y = grid.path("y").asInt();
            y < grid.path("y").asInt() + grid.path("h").asInt();
            y++) {
          assertThat(cells.add(x + "," + y)).as(panel.path("title") + " overlaps").isTrue();
        }
      }
    }
  }

  @Test
  void everyQueryIsValidPromQl(@TempDir Path work) throws Exception {
    List<String> rules = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
    int n = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        rules.add("      - record: dashboard:query" + n++);
        rules.add("        expr: " + JSON.writeValueAsString(target.path("expr").asText()));
      }
    }
    Files.write(work.resolve("dashboard-queries.yml"), rules);
    Promtool.Result result =
        Promtool.required().run(work, "check", "rules", "dashboard-queries.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
