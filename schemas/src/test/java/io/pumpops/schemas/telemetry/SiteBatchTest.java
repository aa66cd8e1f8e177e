package io.pumpops.schemas.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A gateway's site batch, built as the gateway builds it and taken apart by ingest's validator. */
class SiteBatchTest {

  private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");
  private static final String TOPIC = "sites/site-1/telemetry";

  private final TelemetryValidator validator = new TelemetryValidator(TelemetryRules.defaults());

  private static byte[] reading(long seq, String channels) {
    return (" {\"ts\":\"2026-03-09T09:59:58Z\",\"seq\":"
            + seq
            + ",\"readings\":{"
            + channels
            + "}}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] element(String pumpId, byte[] reading) {
    return SiteBatch.element(pumpId, reading).orElseThrow();
  }

  @Test
  void readingsOfSeveralPumpsTravelInOneMessageAndArriveAsTheirPumps() {
    byte[] batch =
        SiteBatch.of(
            List.of(
                element("pump-1", reading(1, "\"pressure\":0.25")),
                element("pump-2", reading(7, "\"pressure\":0.5")),
                element("pump-1", reading(2, "\"pressure\":0.26"))));

    List<Validated> results = validator.validate(TOPIC, batch, NOW);

    assertThat(results)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r).isInstanceOf(Validated.Accepted.class));
    List<PumpReading> readings =
        results.stream().map(r -> ((Validated.Accepted) r).reading()).toList();
    assertThat(readings)
        .extracting(PumpReading::getPumpId)
        .containsExactly("pump-1", "pump-2", "pump-1");
    assertThat(readings).extracting(PumpReading::getSeq).containsExactly(1L, 7L, 2L);
    assertThat(readings).extracting(PumpReading::getSiteId).containsOnly("site-1");
    assertThat(readings.get(1).getChannels()).containsEntry("pressure", 0.5);
    assertThat(
            SiteBatch.size(
                List.of(element("p", reading(1, "\"a\":1")), element("q", reading(2, "\"a\":1")))))
        .isEqualTo(
            SiteBatch.of(
                    List.of(
                        element("p", reading(1, "\"a\":1")), element("q", reading(2, "\"a\":1"))))
                .length);
  }

  @Test
  void aReadingThatCouldSpoilTheBatchIsNotPutInOne() {
    assertThat(SiteBatch.element("pump-1", "{\"ts\":1,".getBytes(StandardCharsets.UTF_8)))
        .as("not JSON")
        .isEmpty();
    assertThat(SiteBatch.element("pump-1", reading(1, "\"current\":1,\"current\":2")))
        .as("a key twice")
        .isEmpty();
    assertThat(SiteBatch.element("pump-1", "[{\"seq\":1}]".getBytes(StandardCharsets.UTF_8)))
        .as("an array")
        .isEmpty();
    assertThat(SiteBatch.element("pump-1", "{}".getBytes(StandardCharsets.UTF_8)))
        .as("empty")
        .isEmpty();
    assertThat(
            SiteBatch.element(
                "pump-1", "{\"pumpId\":\"x\",\"seq\":1}".getBytes(StandardCharsets.UTF_8)))
        .as("names a pump itself")
        .isEmpty();
    assertThat(SiteBatch.element("pump/1", reading(1, "\"current\":1"))).as("not an id").isEmpty();
    assertThat(SiteBatch.element("pump-1", reading(1, "\"current\":NaN")))
        .as("NaN: ingest names it")
        .isPresent();
  }

  @Test
  void aBadReadingInABatchRejectsOnlyItself() {
    byte[] batch =
        SiteBatch.of(
            List.of(
                element("pump-1", reading(1, "\"pressure\":0.25")),
                element("pump-2", reading(2, "\"pressure\":NaN")),
                "{\"seq\":3,\"readings\":{\"pressure\":1}}".getBytes(StandardCharsets.UTF_8),
                element("pump-3", reading(4, "\"pressure\":0.3"))));

    List<Validated> results = validator.validate(TOPIC, batch, NOW);

    assertThat(results).hasSize(4);
    assertThat(results.get(0)).isInstanceOf(Validated.Accepted.class);
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.NOT_FINITE);
              assertThat(r.pumpId()).isEqualTo("pump-2");
              assertThat(r.batchIndex()).isEqualTo(1);
            });
    assertThat(results.get(2))
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
              assertThat(r.message()).contains("pumpId");
            });
    assertThat(results.get(3)).isInstanceOf(Validated.Accepted.class);
  }

  @Test
  void theAllowListAndTheShapeAreCheckedPerBatch() {
    TelemetryRules defaults = TelemetryRules.defaults();
    TelemetryValidator allowList =
        new TelemetryValidator(
            new TelemetryRules(
                defaults.maxPayloadBytes(),
                Duration.ofMinutes(5),
                Duration.ofDays(7),
                defaults.channels(),
                true,
                Optional.of(Set.of("pump-1"))));
    byte[] batch =
        SiteBatch.of(
            List.of(
                element("pump-1", reading(1, "\"pressure\":0.25")),
                element("pump-9", reading(2, "\"pressure\":0.25"))));

    List<Validated> results = allowList.validate(TOPIC, batch, NOW);
    assertThat(results.get(0)).isInstanceOf(Validated.Accepted.class);
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_PUMP));

    assertThat(validator.validate(TOPIC, reading(1, "\"pressure\":0.25"), NOW))
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class, r -> assertThat(r.message()).contains("JSON array"));
    assertThat(validator.validate(TOPIC, "[1,".getBytes(StandardCharsets.UTF_8), NOW))
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON));
    assertThat(TelemetryTopic.parseSiteBatch(TOPIC)).contains("site-1");
    assertThat(TelemetryTopic.parseSiteBatch("sites/site-1/alarms")).isEmpty();
  }

  @Test
  void anOversizedOrHostileBatchIsRefusedWithItsReason() {
    TelemetryRules defaults = TelemetryRules.defaults();
    TelemetryValidator small =
        new TelemetryValidator(
            new TelemetryRules(
                1024,
                Duration.ofMinutes(5),
                Duration.ofDays(7),
                defaults.channels(),
                true,
                Optional.empty()));
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(element("pump-" + i, reading(i, "\"pressure\":0.25")));
    }
    assertThat(small.validate(TOPIC, SiteBatch.of(many), NOW))
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.PAYLOAD_TOO_LARGE));

    // A pump id that would be a wildcard or another topic level names no pump.
    byte[] hostile =
        ("[{\"pumpId\":\"#\",\"ts\":\"2026-03-09T09:59:58Z\",\"seq\":1,\"readings\":{\"pressure\":1}},"
                + "{\"pumpId\":\"p/../x\",\"ts\":\"2026-03-09T09:59:58Z\",\"seq\":2,\"readings\":{\"pressure\":1}},"
                + "{\"pumpId\":42,\"ts\":\"2026-03-09T09:59:58Z\",\"seq\":3,\"readings\":{\"pressure\":1}}]")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(validator.validate(TOPIC, hostile, NOW))
        .hasSize(3)
        .allSatisfy(
            r ->
                assertThat(r)
                    .isInstanceOfSatisfying(
                        Validated.Rejected.class,
                        rejected -> {
                          assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
                          assertThat(rejected.pumpId()).isNull();
                        }));
    assertThat(validator.validate(TOPIC, new byte[0], NOW))
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON));
  }
}
