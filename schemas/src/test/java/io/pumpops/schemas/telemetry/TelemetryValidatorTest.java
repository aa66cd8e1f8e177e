package io.pumpops.schemas.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TelemetryValidatorTest {

  private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");
  private static final String TOPIC = "pumps/site-1/pump-7/telemetry";

  private final TelemetryValidator validator = new TelemetryValidator(TelemetryRules.defaults());

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<Validated> validate(String payload) {
    return validator.validate(TOPIC, bytes(payload), NOW);
  }

  private Validated.Rejected rejected(String payload) {
    List<Validated> results = validate(payload);
    assertThat(results).hasSize(1);
    assertThat(results.get(0)).isInstanceOf(Validated.Rejected.class);
    return (Validated.Rejected) results.get(0);
  }

  @Test
  void acceptsAReadingWithIsoTimestampTakingSiteAndPumpFromTheTopic() {
    List<Validated> results =
        validate(
            "{\"ts\":\"2026-03-09T09:59:58Z\",\"seq\":17,\"manufacturer\":\"Grundfos\","
                + "\"readings\":{\"pressure\":0.25,\"flowRate\":32.5},\"units\":{\"pressure\":\"bar\"}}");

    assertThat(results).singleElement().isInstanceOf(Validated.Accepted.class);
    PumpReading reading = ((Validated.Accepted) results.get(0)).reading();
    assertThat(reading.getPumpId()).isEqualTo("pump-7");
    assertThat(reading.getSiteId()).isEqualTo("site-1");
    assertThat(reading.getSeq()).isEqualTo(17);
    assertThat(reading.getEventTime()).isEqualTo(Instant.parse("2026-03-09T09:59:58Z"));
    assertThat(reading.getIngestTime()).isEqualTo(NOW);
    assertThat(reading.getManufacturer()).isEqualTo("Grundfos");
    assertThat(reading.getChannels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("pressure", 0.25, "flowRate", 32.5));
    assertThat(reading.getUnits())
        .containsEntry("pressure", "bar")
        .containsEntry("flowRate", "l/min");
  }

  @Test
  void acceptsEpochMillisecondTimestamps() {
    long millis = NOW.minusSeconds(1).toEpochMilli();
    PumpReading reading =
        ((Validated.Accepted)
                validate("{\"ts\":" + millis + ",\"seq\":1,\"readings\":{\"current\":2.1}}").get(0))
            .reading();

    assertThat(reading.getEventTime()).isEqualTo(Instant.ofEpochMilli(millis));
  }

  @Test
  void rejectsMalformedJson() {
    Validated.Rejected r = rejected("{\"ts\":");

    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
    assertThat(r.pumpId()).isEqualTo("pump-7");
    assertThat(r.payload()).isEqualTo(bytes("{\"ts\":"));
  }

  @Test
  void rejectsBytesThatAreNotUtf8AsMalformedKeepingThemExactly() {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01};

    List<Validated> results = validator.validate(TOPIC, binary, NOW);

    assertThat(results)
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
              assertThat(r.payload()).isEqualTo(binary);
            });
  }

  @Test
  void rejectsAMissingTimestamp() {
    assertThat(rejected("{\"seq\":1,\"readings\":{\"current\":2.1}}").reason())
        .isEqualTo(RejectionReason.MISSING_TIMESTAMP);
  }

  @Test
  void rejectsAnUnparseableTimestamp() {
    assertThat(rejected("{\"ts\":\"yesterday\",\"seq\":1,\"readings\":{\"current\":2.1}}").reason())
        .isEqualTo(RejectionReason.INVALID_TIMESTAMP);
  }

  @Test
  void rejectsTimestampsTooFarInTheFutureOrThePast() {
    Validated.Rejected future =
        rejected("{\"ts\":\"2026-03-09T10:06:00Z\",\"seq\":1,\"readings\":{\"current\":2.1}}");
    Validated.Rejected past =
        rejected("{\"ts\":\"2026-02-01T00:00:00Z\",\"seq\":1,\"readings\":{\"current\":2.1}}");

    assertThat(future.reason()).isEqualTo(RejectionReason.TIMESTAMP_SKEW);
    assertThat(future.message()).contains("ahead");
    assertThat(past.reason()).isEqualTo(RejectionReason.TIMESTAMP_SKEW);
    assertThat(past.message()).contains("before");
  }

  @Test
  void rejectsNanAndInfinityNamingTheChannel() {
    Validated.Rejected nan =
        rejected("{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"pressure\":NaN}}");
    Validated.Rejected inf =
        rejected(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":-Infinity}}");

    assertThat(nan.reason()).isEqualTo(RejectionReason.NOT_FINITE);
    assertThat(nan.message()).contains("pressure");
    assertThat(inf.reason()).isEqualTo(RejectionReason.NOT_FINITE);
  }

  @Test
  void rejectsValuesOutsideTheChannelsPhysicalRange() {
    Validated.Rejected r =
        rejected("{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"vibration1\":250}}");

    assertThat(r.reason()).isEqualTo(RejectionReason.OUT_OF_RANGE);
    assertThat(r.message()).contains("vibration1").contains("250");
  }

  @Test
  void unknownChannelsAreRejectedOrPassedAsConfigured() {
    String payload = "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"humidity\":40}}";
    TelemetryRules passing =
        new TelemetryRules(
            1024,
            Duration.ofMinutes(5),
            Duration.ofDays(7),
            TelemetryRules.defaults().channels(),
            false,
            Optional.empty());

    assertThat(rejected(payload).reason()).isEqualTo(RejectionReason.UNKNOWN_CHANNEL);
    assertThat(new TelemetryValidator(passing).validate(TOPIC, bytes(payload), NOW))
        .singleElement()
        .isInstanceOf(Validated.Accepted.class);
  }

  @Test
  void rejectsPayloadsOverTheSizeLimitBeforeParsing() {
    TelemetryRules small =
        new TelemetryRules(
            64,
            Duration.ofMinutes(5),
            Duration.ofDays(7),
            TelemetryRules.defaults().channels(),
            true,
            Optional.empty());
    byte[] big =
        bytes(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":2.1},\"model\":\""
                + "x".repeat(100)
                + "\"}");

    List<Validated> results = new TelemetryValidator(small).validate(TOPIC, big, NOW);

    assertThat(results)
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.PAYLOAD_TOO_LARGE));
  }

  @Test
  void rejectsPumpsOutsideAConfiguredAllowList() {
    TelemetryRules allowList =
        new TelemetryRules(
            1024,
            Duration.ofMinutes(5),
            Duration.ofDays(7),
            TelemetryRules.defaults().channels(),
            true,
            Optional.of(Set.of("pump-1")));

    List<Validated> results =
        new TelemetryValidator(allowList)
            .validate(
                TOPIC,
                bytes("{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":2.1}}"),
                NOW);

    assertThat(results)
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_PUMP));
  }

  @Test
  void rejectsMissingSequenceNumbersAndNonNumericValues() {
    assertThat(
            rejected("{\"ts\":\"2026-03-09T10:00:00Z\",\"readings\":{\"current\":2.1}}").reason())
        .isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(
            rejected(
                    "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":\"2.1\"}}")
                .reason())
        .isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(rejected("{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{}}").reason())
        .isEqualTo(RejectionReason.INVALID_FIELD);
  }

  @Test
  void aBadElementInABatchRejectsOnlyThatElement() {
    List<Validated> results =
        validate(
            "[{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":2.1}},"
                + "{\"ts\":\"2026-03-09T10:00:01Z\",\"seq\":2,\"readings\":{\"current\":NaN}},"
                + "{\"ts\":\"2026-03-09T10:00:02Z\",\"seq\":3,\"readings\":{\"current\":2.2}}]");

    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isInstanceOf(Validated.Accepted.class);
    assertThat(results.get(2)).isInstanceOf(Validated.Accepted.class);
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectionReason.NOT_FINITE);
              assertThat(r.batchIndex()).isEqualTo(1);
              assertThat(new String(r.payload(), StandardCharsets.UTF_8)).contains("\"seq\":2");
            });
  }

  @Test
  void topicsOutsideTheTelemetryPatternAreRejected() {
    assertThat(TelemetryTopic.parse("pumps/site-1/pump-7/telemetry"))
        .contains(new TelemetryTopic("site-1", "pump-7"));
    assertThat(TelemetryTopic.parse("pumps/site-1/telemetry")).isEmpty();
    assertThat(validator.validate("pumps//x/telemetry", bytes("{}"), NOW))
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD));
  }

  @Test
  void rejectsBytesAfterTheReadingAsMalformed() {
    Validated.Rejected r =
        rejected(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":1}} trailing");

    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
  }

  @Test
  void rejectsAKeyGivenTwiceSoThatALaterValueCannotHideANaN() {
    Validated.Rejected r =
        rejected(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":NaN,\"current\":1}}");

    assertThat(r.reason()).isEqualTo(RejectionReason.MALFORMED_JSON);
    assertThat(r.message()).contains("Duplicate field 'current'");
  }

  @Test
  void rejectsAValueDeclaredInAnotherUnitThanTheConfiguredOne() {
    Validated.Rejected psi =
        rejected(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"pressure\":36.3},"
                + "\"units\":{\"pressure\":\"psi\"}}");
    List<Validated> bar =
        validate(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"pressure\":2.5},"
                + "\"units\":{\"pressure\":\"bar\"}}");

    assertThat(psi.reason()).isEqualTo(RejectionReason.UNIT_MISMATCH);
    assertThat(psi.message()).contains("'psi'").contains("'bar'");
    assertThat(bar).singleElement().isInstanceOf(Validated.Accepted.class);
  }

  @Test
  void rejectsOverlongTextAndTooManyChannels() {
    Validated.Rejected model =
        rejected(
            "{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{\"current\":1},"
                + "\"model\":\""
                + "x".repeat(TelemetryValidator.MAX_TEXT_LENGTH + 1)
                + "\"}");
    StringBuilder many = new StringBuilder();
    for (int c = 0; c <= TelemetryValidator.MAX_CHANNELS; c++) {
      many.append(c == 0 ? "" : ",").append("\"c").append(c).append("\":1");
    }
    TelemetryValidator lenient =
        new TelemetryValidator(
            new TelemetryRules(
                256 * 1024,
                java.time.Duration.ofMinutes(5),
                java.time.Duration.ofDays(7),
                java.util.Map.of(),
                false,
                java.util.Optional.empty()));
    List<Validated> channels =
        lenient.validate(
            TOPIC,
            bytes("{\"ts\":\"2026-03-09T10:00:00Z\",\"seq\":1,\"readings\":{" + many + "}}"),
            NOW);

    assertThat(model.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
    assertThat(model.message())
        .contains("'model'")
        .contains("at most " + TelemetryValidator.MAX_TEXT_LENGTH);
    assertThat(channels)
        .singleElement()
        .isInstanceOfSatisfying(
            Validated.Rejected.class,
            r -> assertThat(r.message()).contains("at most " + TelemetryValidator.MAX_CHANNELS));
  }
}
