package io.pumpops.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.telemetry.ChannelRange;
import io.pumpops.schemas.telemetry.TelemetryRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Unset limits are the shared defaults (the gateway's too); a setting overrides its own. That the
 * shipped application.yml binds is ApplicationIT's.
 */
class IngestPropertiesTest {

  private static final Duration BLOCK = Duration.ofSeconds(10);

  @Test
  void unsetLimitsAreTheSharedDefaults() {
    assertThat(new IngestProperties(null, null, null, null, null, null, BLOCK).rules())
        .isEqualTo(TelemetryRules.defaults());
    assertThat(new IngestProperties(null, null, null, List.of(), null, List.of(), BLOCK).rules())
        .as("empty lists too")
        .isEqualTo(TelemetryRules.defaults());
  }

  @Test
  void aSettingOverridesItsDefaultAndLeavesTheOthers() {
    TelemetryRules rules =
        new IngestProperties(
                null,
                Duration.ofSeconds(5),
                null,
                List.of("pressure=0..10 bar"),
                false,
                List.of("pump-1"),
                BLOCK)
            .rules();
    assertThat(rules.maxFutureSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(rules.channels()).isEqualTo(Map.of("pressure", new ChannelRange(0, 10, "bar")));
    assertThat(rules.rejectUnknownChannels()).isFalse();
    assertThat(rules.allowedPumps()).contains(Set.of("pump-1"));
    assertThat(rules.maxPastAge()).isEqualTo(TelemetryRules.defaults().maxPastAge());
    assertThat(rules.maxPayloadBytes()).isEqualTo(TelemetryRules.defaults().maxPayloadBytes());
  }
}
