package io.pumpops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape configuration and alert rules as Prometheus itself reads them: promtool checks the
 * configuration (and the rule files it names) and runs the rules' unit tests, in which each alert
 * fires on the series that should raise it, after its {@code for}, and not on healthy ones.
 */
class PrometheusRulesTest {

  private static final Path PROMETHEUS = Path.of("prometheus").toAbsolutePath().normalize();

  @Test
  void theConfigurationAndItsRuleFilesAreValid() throws Exception {
    Promtool.Result result =
        Promtool.required().run(PROMETHEUS, "check", "config", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 7 rules found");
  }

  @Test
  void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
    Promtool.Result result =
        Promtool.required().run(PROMETHEUS, "test", "rules", "alerts-test.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void aRuleThatNoLongerMatchesItsTestFailsThem(@TempDir Path copy) throws Exception {
    // The unit tests can fail: with the buffer alert's threshold raised past the test's 90 %, the
    // alert the test expects does not come.
    Files.copy(PROMETHEUS.resolve("alerts-test.yml"), copy.resolve("alerts-test.yml"));
    String rules = Files.readString(PROMETHEUS.resolve("alerts.yml"));
    assertThat(rules).contains("pumpops_edge_buffer_capacity_bytes > 0.8");
    Files.writeString(
        copy.resolve("alerts.yml"),
        rules.replace(
            "pumpops_edge_buffer_capacity_bytes > 0.8",
            "pumpops_edge_buffer_capacity_bytes > 0.95"));
    Promtool.Result result = Promtool.required().run(copy, "test", "rules", "alerts-test.yml");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("PumpOpsEdgeBufferFilling");
  }
}
