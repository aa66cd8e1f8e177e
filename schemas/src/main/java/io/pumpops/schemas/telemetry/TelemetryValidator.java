package io.pumpops.schemas.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.mqtt.MqttTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one MQTT message into validated readings. The payload is one JSON reading
 *
 * <pre>{"ts": "2026-03-09T10:00:00Z" or 1773050400000, "seq": 17, "readings": {"pressure": 0.25},
 *  "manufacturer": "...", "model": "...", "units": {"pressure": "bar"}}</pre>
 *
 * or a JSON array of them (a batch). A bad element rejects only itself. On a gateway's {@code
 * sites/{siteId}/telemetry} topic the payload is an array whose readings each name their pump
 * ({@code "pumpId"}), see {@link SiteBatch}.
 */
public final class TelemetryValidator {

  // NaN and Infinity literals parse, so that they are rejected as NOT_FINITE with the channel
  // named, rather than as malformed JSON. A key given twice is malformed: with last-wins parsing,
  // {"current": NaN, "current": 1} would pass and hide the NaN. Bytes after the value are malformed
  // too: a reading followed by anything is not the reading the sensor meant to send.
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Longest text field (manufacturer, model, a declared unit, a channel name) kept on a reading.
   */
  public static final int MAX_TEXT_LENGTH = 128;

  /** Most channels one reading may carry. */
  public static final int MAX_CHANNELS = 64;

  private final TelemetryRules rules;

  public TelemetryValidator(TelemetryRules rules) {
    this.rules = rules;
  }

  public TelemetryRules rules() {
    return rules;
  }

  /**
   * Validates a message.
   *
   * @param mqttTopic where it was published; names the site and pump
   * @param payload the raw bytes
   * @param now this service's clock, for the skew checks and the ingest time
   * @return one result per reading (one for the whole message when it cannot be split)
   */
  public List<Validated> validate(String mqttTopic, byte[] payload, Instant now) {
    Optional<String> batchSite = TelemetryTopic.parseSiteBatch(mqttTopic);
    if (batchSite.isPresent()) {
      return validateSiteBatch(batchSite.get(), payload, now);
    }
    TelemetryTopic topic = TelemetryTopic.parse(mqttTopic).orElse(null);
    String pumpId = topic == null ? null : topic.pumpId();
    if (topic == null) {
      return List.of(
          reject(
              RejectionReason.INVALID_FIELD,
              "MQTT topic '" + mqttTopic + "' is not pumps/{siteId}/{pumpId}/telemetry",
              null,
              payload,
              null));
    }
    if (payload.length > rules.maxPayloadBytes()) {
      return List.of(tooLarge(payload, pumpId));
    }
    if (rules.allowedPumps().isPresent() && !rules.allowedPumps().get().contains(pumpId)) {
      return List.of(
          reject(
              RejectionReason.UNKNOWN_PUMP,
              "pump '" + pumpId + "' is not in the allow-list",
              pumpId,
              payload,
              null));
    }
    Parsed parsed = parse(payload, pumpId);
    if (parsed.rejected() != null) {
      return List.of(parsed.rejected());
    }
    JsonNode root = parsed.root();
    if (!root.isArray()) {
      return List.of(validateElement(topic, root, payload, null, now));
    }
    List<Validated> results = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      results.add(
          validateElement(
              topic, element, element.toString().getBytes(StandardCharsets.UTF_8), i, now));
    }
    return results;
  }

  /**
   * A gateway's batch: every element a reading with its own pumpId; a bad element rejects only
   * itself.
   */
  private List<Validated> validateSiteBatch(String siteId, byte[] payload, Instant now) {
    if (payload.length > rules.maxPayloadBytes()) {
      return List.of(tooLarge(payload, null));
    }
    Parsed parsed = parse(payload, null);
    if (parsed.rejected() != null) {
      return List.of(parsed.rejected());
    }
    JsonNode root = parsed.root();
    if (!root.isArray()) {
      return List.of(
          reject(
              RejectionReason.INVALID_FIELD,
              "a site batch (sites/"
                  + siteId
                  + "/telemetry) must be a"
                  + " JSON array of readings, each with its pumpId",
              null,
              payload,
              null));
    }
    List<Validated> results = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      byte[] raw = element.toString().getBytes(StandardCharsets.UTF_8);
      JsonNode pump = element.path(SiteBatch.PUMP_ID);
      if (!pump.isTextual() || !MqttTopics.isTopicLevel(pump.asText())) {
        results.add(
            reject(
                RejectionReason.INVALID_FIELD,
                "a reading in a site batch must name its pump: field '"
                    + SiteBatch.PUMP_ID
                    + "' of letters, digits, '.', '_' and '-', was "
                    + pump,
                null,
                raw,
                i));
      } else if (rules.allowedPumps().isPresent()
          && !rules.allowedPumps().get().contains(pump.asText())) {
        results.add(
            reject(
                RejectionReason.UNKNOWN_PUMP,
                "pump '" + pump.asText() + "' is not in the allow-list",
                pump.asText(),
                raw,
                i));
      } else {
        results.add(
            validateElement(new TelemetryTopic(siteId, pump.asText()), element, raw, i, now));
      }
    }
    return results;
  }

  /** A payload's JSON, or why it has none. */
  private record Parsed(JsonNode root, Validated rejected) {}

  private static Parsed parse(byte[] payload, String pumpId) {
    try {
      JsonNode root = JSON.readTree(payload);
      if (root == null || root.isMissingNode()) {
        return new Parsed(
            null,
            reject(RejectionReason.MALFORMED_JSON, "payload is empty", pumpId, payload, null));
      }
      return new Parsed(root, null);
    } catch (IOException e) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return new Parsed(
          null,
          reject(
              RejectionReason.MALFORMED_JSON,
              "payload is not valid JSON: " + detail,
              pumpId,
              payload,
              null));
    }
  }

  private Validated tooLarge(byte[] payload, String pumpId) {
    return reject(
        RejectionReason.PAYLOAD_TOO_LARGE,
        "payload of "
            + payload.length
            + " bytes exceeds the limit of "
            + rules.maxPayloadBytes()
            + " bytes",
        pumpId,
        payload,
        null);
  }

  private Validated validateElement(
      TelemetryTopic topic, JsonNode node, byte[] raw, Integer index, Instant now) {
    String pumpId = topic.pumpId();
    if (!node.isObject()) {
      return reject(
          RejectionReason.INVALID_FIELD,
          "a reading must be a JSON object, was " + node.getNodeType(),
          pumpId,
          raw,
          index);
    }
    JsonNode ts = node.get("ts");
    if (ts == null || ts.isNull()) {
      return reject(RejectionReason.MISSING_TIMESTAMP, "field 'ts' is missing", pumpId, raw, index);
    }
    Instant eventTime;
    try {
      eventTime = parseTimestamp(ts);
    } catch (DateTimeException | IllegalArgumentException e) {
      return reject(
          RejectionReason.INVALID_TIMESTAMP,
          "field 'ts' = " + ts + " is neither ISO-8601 with an offset" + " nor epoch milliseconds",
          pumpId,
          raw,
          index);
    }
    if (eventTime.isAfter(now.plus(rules.maxFutureSkew()))) {
      return reject(
          RejectionReason.TIMESTAMP_SKEW,
          "timestamp " + eventTime + " is more than " + rules.maxFutureSkew() + " ahead of " + now,
          pumpId,
          raw,
          index);
    }
    if (eventTime.isBefore(now.minus(rules.maxPastAge()))) {
      return reject(
          RejectionReason.TIMESTAMP_SKEW,
          "timestamp " + eventTime + " is more than " + rules.maxPastAge() + " before " + now,
          pumpId,
          raw,
          index);
    }
    JsonNode seq = node.get("seq");
    if (seq == null
        || !seq.canConvertToExactIntegral()
        || !seq.canConvertToLong()
        || seq.asLong() < 0) {
      return reject(
          RejectionReason.INVALID_FIELD,
          "field 'seq' must be a non-negative integer, was " + seq,
          pumpId,
          raw,
          index);
    }
    JsonNode readings = node.get("readings");
    if (readings == null || !readings.isObject() || readings.isEmpty()) {
      return reject(
          RejectionReason.INVALID_FIELD,
          "field 'readings' must be a non-empty object of channel -> number",
          pumpId,
          raw,
          index);
    }
    if (readings.size() > MAX_CHANNELS) {
      return reject(
          RejectionReason.INVALID_FIELD,
          "field 'readings' has " + readings.size() + " channels, at most " + MAX_CHANNELS,
          pumpId,
          raw,
          index);
    }
    for (String field : new String[] {"manufacturer", "model"}) {
      JsonNode value = node.get(field);
      if (value != null
          && !value.isNull()
          && (!value.isTextual() || value.asText().length() > MAX_TEXT_LENGTH)) {
        return reject(
            RejectionReason.INVALID_FIELD,
            "field '" + field + "' must be text of at most " + MAX_TEXT_LENGTH + " characters",
            pumpId,
            raw,
            index);
      }
    }
    Map<String, Double> channels = new TreeMap<>();
    Map<String, String> units = new TreeMap<>();
    JsonNode declaredUnits = node.path("units");
    if (!declaredUnits.isMissingNode() && !declaredUnits.isNull() && !declaredUnits.isObject()) {
      return reject(
          RejectionReason.INVALID_FIELD,
          "field 'units' must be an object of channel -> unit",
          pumpId,
          raw,
          index);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = readings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> channel = it.next();
      String name = channel.getKey();
      JsonNode value = channel.getValue();
      if (name.isEmpty() || name.length() > MAX_TEXT_LENGTH) {
        return reject(
            RejectionReason.INVALID_FIELD,
            "a channel name must have 1 to " + MAX_TEXT_LENGTH + " characters",
            pumpId,
            raw,
            index);
      }
      if (!value.isNumber()) {
        return reject(
            RejectionReason.INVALID_FIELD,
            "channel '" + name + "' is not a number: " + value,
            pumpId,
            raw,
            index);
      }
      double number = value.doubleValue();
      if (!Double.isFinite(number)) {
        return reject(
            RejectionReason.NOT_FINITE, "channel '" + name + "' is " + number, pumpId, raw, index);
      }
      ChannelRange range = rules.channels().get(name);
      if (range == null && rules.rejectUnknownChannels()) {
        return reject(
            RejectionReason.UNKNOWN_CHANNEL,
            "channel '" + name + "' is not one of " + new TreeMap<>(rules.channels()).keySet(),
            pumpId,
            raw,
            index);
      }
      if (range != null && !range.contains(number)) {
        return reject(
            RejectionReason.OUT_OF_RANGE,
            "channel '"
                + name
                + "' = "
                + number
                + " is outside ["
                + range.min()
                + ", "
                + range.max()
                + "] "
                + range.unit(),
            pumpId,
            raw,
            index);
      }
      JsonNode declared = declaredUnits.path(name);
      if (!declared.isMissingNode()
          && !declared.isNull()
          && (!declared.isTextual() || declared.asText().length() > MAX_TEXT_LENGTH)) {
        return reject(
            RejectionReason.INVALID_FIELD,
            "the unit of channel '"
                + name
                + "' must be text of at most "
                + MAX_TEXT_LENGTH
                + " characters",
            pumpId,
            raw,
            index);
      }
      // A value in another unit than the configured one is not converted: stored as if it were in
      // the configured unit (psi as bar), it would be a wrong reading that passes every range
      // check.
      if (declared.isTextual()
          && range != null
          && range.unit() != null
          && !declared.asText().equals(range.unit())) {
        return reject(
            RejectionReason.UNIT_MISMATCH,
            "channel '"
                + name
                + "' is declared in '"
                + declared.asText()
                + "', this service takes it in '"
                + range.unit()
                + "' only",
            pumpId,
            raw,
            index);
      }
      channels.put(name, number);
      String unit = declared.isTextual() ? declared.asText() : range == null ? null : range.unit();
      if (unit != null) {
        units.put(name, unit);
      }
    }
    return new Validated.Accepted(
        PumpReading.newBuilder()
            .setPumpId(pumpId)
            .setSiteId(topic.siteId())
            .setManufacturer(text(node, "manufacturer"))
            .setModel(text(node, "model"))
            .setEventTime(eventTime)
            .setIngestTime(now)
            .setSeq(seq.asLong())
            .setChannels(channels)
            .setUnits(units)
            .build());
  }

  private static Instant parseTimestamp(JsonNode ts) {
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      return Instant.ofEpochMilli(ts.asLong());
    }
    if (ts.isTextual()) {
      String text = ts.asText().trim();
      if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(text));
      }
      return OffsetDateTime.parse(text).toInstant();
    }
    throw new IllegalArgumentException("not a timestamp: " + ts);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static Validated reject(
      RejectionReason reason, String message, String pumpId, byte[] payload, Integer index) {
    return new Validated.Rejected(reason, message, pumpId, payload, index);
  }
}
