package io.pumpops.ingest.edge;

import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.RejectionReason;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.serde.AvroJson;
import io.pumpops.schemas.telemetry.Validated;
import io.pumpops.schemas.topics.Topics;
import java.util.List;

/**
 * Gateway heartbeats, anomalies and alarms arriving over MQTT ({@code
 * edge/{gatewayId}/status|anomalies|alarms}, Avro JSON) → records for edge.status, pump.anomalies
 * and pump.alarms. A message that is too large, does not match its schema or names another gateway
 * than its topic is dead-lettered like a bad reading.
 */
public final class EdgeMessages {

  private final int maxPayloadBytes;

  public EdgeMessages(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public List<Validated> decode(String topic, MqttTopics.EdgeKind kind, byte[] payload) {
    String gatewayId = MqttTopics.gatewayOf(topic);
    if (payload.length > maxPayloadBytes) {
      return reject(
          RejectionReason.PAYLOAD_TOO_LARGE,
          payload.length + " bytes, the limit is " + maxPayloadBytes,
          payload);
    }
    try {
      if (kind == MqttTopics.EdgeKind.STATUS) {
        EdgeStatus status = AvroJson.decode(payload, EdgeStatus.class);
        if (!status.getGatewayId().equals(gatewayId)) {
          return reject(
              RejectionReason.INVALID_FIELD,
              "heartbeat of gateway " + status.getGatewayId() + " published on " + topic,
              payload);
        }
        return List.of(
            new Validated.Forwarded(
                Topics.EDGE_STATUS, gatewayId, status.getEventTime().toEpochMilli(), status));
      }
      if (kind == MqttTopics.EdgeKind.ALARMS) {
        AlarmEvent alarm = AvroJson.decode(payload, AlarmEvent.class);
        if (!gatewayId.equals(alarm.getGatewayId())) {
          return reject(
              RejectionReason.INVALID_FIELD,
              "alarm from gateway " + alarm.getGatewayId() + " published on " + topic,
              payload);
        }
        return List.of(
            new Validated.Forwarded(
                Topics.PUMP_ALARMS, alarm.getPumpId(), alarm.getEventTime().toEpochMilli(), alarm));
      }
      AnomalyEvent anomaly = AvroJson.decode(payload, AnomalyEvent.class);
      if (!gatewayId.equals(anomaly.getGatewayId())) {
        return reject(
            RejectionReason.INVALID_FIELD,
            "anomaly from gateway " + anomaly.getGatewayId() + " published on " + topic,
            payload);
      }
      return List.of(
          new Validated.Forwarded(
              Topics.PUMP_ANOMALIES,
              anomaly.getPumpId(),
              anomaly.getEventTime().toEpochMilli(),
              anomaly));
    } catch (IllegalArgumentException e) {
      return reject(RejectionReason.WRONG_SCHEMA, e.getMessage(), payload);
    }
  }

  private static List<Validated> reject(RejectionReason reason, String message, byte[] payload) {
    return List.of(new Validated.Rejected(reason, message, null, payload, null));
  }
}
