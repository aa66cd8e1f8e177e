package io.pumpops.messaging.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ServiceHealthIndicatorTest {

  @Test
  void reportsTheChecksVerdictAndDetailsUnderItsName() {
    HealthResult up =
        result(new ServiceHealthIndicator("ingest", () -> Health.of(true, Map.of("mqtt", "up"))));
    assertThat(up.getName()).isEqualTo("ingest");
    assertThat(up.getStatus()).isEqualTo(HealthStatus.UP);
    assertThat(up.getDetails()).isEqualTo(Map.of("mqtt", "up"));

    HealthResult down =
        result(
            new ServiceHealthIndicator("ingest", () -> Health.of(false, Map.of("mqtt", "down"))));
    assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void aCheckThatThrowsIsDownWithTheErrorNotAFailedEndpoint() {
    HealthResult result =
        result(
            new ServiceHealthIndicator(
                "registry",
                () -> {
                  throw new IllegalStateException("state not rebuilt");
                }));
    assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
    assertThat(String.valueOf(result.getDetails())).contains("state not rebuilt");
  }

  private static HealthResult result(ServiceHealthIndicator indicator) {
    return Mono.from(indicator.getResult()).block();
  }
}
