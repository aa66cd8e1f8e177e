package io.pumpops.dashboard.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DriftStatistics;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.avro.ModelRegistered;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.events.LoopEvents;
import io.pumpops.schemas.serde.PlainJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the operator page shows, folded from the topics: per-pump sensor and score series, current
 * alarms, the latest drift statistics per feature, the model timeline, rollouts per gateway,
 * gateway health and the loop's event log. Every change is also handed to the listener as an {@link
 * Update} (the page's server-sent events), so a page that loaded the {@link #snapshot()} stays
 * current.
 *
 * <p>Sensor points are thinned to one per pump per {@code sampleEvery} of wall-clock time: a fleet
 * streaming thousands of readings a second would otherwise flood every browser. Everything is kept
 * in bounded buffers; the topics, not this view, are the record.
 */
public final class DashboardState {

  /** One change for the page: its kind (the SSE event name) and its data. */
  public record Update(String kind, JsonNode data) {}

  static final int SERIES_POINTS = 300;
  static final int ALARMS = 50;
  static final int EVENTS = 200;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Clock clock;
  private final Duration sampleEvery;
  private final List<DriftThreshold> thresholds;
  private final Consumer<Update> listener;

  private final Map<String, Pump> pumps = new TreeMap<>();

  /** Alarms by id, in the order they were last changed; the newest {@link #ALARMS} are kept. */
  private final Map<String, ObjectNode> alarms = new java.util.LinkedHashMap<>();

  private final Map<String, ObjectNode> drift = new TreeMap<>();
  private final Map<String, ObjectNode> models = new TreeMap<>();
  private final Map<String, ObjectNode> rollouts = new TreeMap<>();
  private final Map<String, ObjectNode> gateways = new TreeMap<>();
  private final Deque<ObjectNode> events = new ArrayDeque<>();
  private long sequence;

  public DashboardState(
      Clock clock,
      Duration sampleEvery,
      List<DriftThreshold> thresholds,
      Consumer<Update> listener) {
    this.clock = clock;
    this.sampleEvery = sampleEvery;
    this.thresholds = List.copyOf(thresholds);
    this.listener = listener;
  }

  /** Folds one record of a catalog topic in; records of other types are ignored. */
  public synchronized void apply(SpecificRecord record) {
    if (record instanceof PumpReading reading) {
      onReading(reading);
    } else if (record instanceof AnomalyEvent anomaly) {
      onAnomaly(anomaly);
    } else if (record instanceof AlarmEvent alarm && !onAlarm(alarm)) {
      return; // a late copy of a closed alarm: neither shown nor logged again
    } else if (record instanceof DriftStatistics stats) {
      onDriftStatistics(stats);
    } else if (record instanceof EdgeStatus status) {
      onGatewayStatus(status);
    } else if (record instanceof Deployment deployment) {
      onDeployment(deployment);
    } else if (record instanceof ModelRegistered registered) {
      onRegistered(registered);
    } else if (record instanceof ModelPromoted promoted) {
      onPromoted(promoted);
    }
    LoopEvents.describe(record).ifPresent(this::logEvent);
  }

  /**
   * The whole view, for a page that has just loaded; its {@code sequence} orders it among the
   * updates.
   */
  public synchronized ObjectNode snapshot() {
    ObjectNode snapshot = NODES.objectNode();
    snapshot.put("sequence", sequence);
    snapshot.put("generatedAt", clock.instant().toString());
    ObjectNode pumpsNode = snapshot.putObject("pumps");
    pumps.forEach((id, pump) -> pumpsNode.set(id, pump.toJson()));
    snapshot.set("alarms", array(alarmList()));
    snapshot.set("drift", array(drift.values()));
    ArrayNode thresholdNodes = snapshot.putArray("driftThresholds");
    thresholds.forEach(
        t ->
            thresholdNodes
                .addObject()
                .put("statistic", t.statistic())
                .put("threshold", t.threshold()));
    snapshot.set("models", array(models.values()));
    snapshot.set("rollouts", array(rollouts.values()));
    snapshot.set("gateways", array(gateways.values()));
    snapshot.set("events", array(events));
    return snapshot;
  }

  private void onReading(PumpReading reading) {
    Pump pump = pumps.computeIfAbsent(reading.getPumpId(), id -> new Pump(id, reading.getSiteId()));
    Instant now = clock.instant();
    if (pump.lastSampled != null
        && Duration.between(pump.lastSampled, now).compareTo(sampleEvery) < 0) {
      return;
    }
    pump.lastSampled = now;
    ObjectNode point = NODES.objectNode();
    point.put("t", reading.getEventTime().toEpochMilli());
    ObjectNode channels = point.putObject("channels");
    new TreeMap<>(reading.getChannels())
        .forEach(
            (channel, value) -> {
              if (Double.isFinite(value)) {
                channels.put(channel.toString(), value);
              }
            });
    bounded(pump.sensors, point, SERIES_POINTS);
    emit(
        "reading",
        NODES.objectNode().put("pumpId", pump.id).put("siteId", pump.siteId).set("point", point));
  }

  private void onAnomaly(AnomalyEvent anomaly) {
    Pump pump = pumps.computeIfAbsent(anomaly.getPumpId(), id -> new Pump(id, anomaly.getSiteId()));
    ObjectNode point =
        NODES
            .objectNode()
            .put("t", anomaly.getWindowEnd().toEpochMilli())
            .put("score", anomaly.getScore())
            .put("threshold", anomaly.getThreshold());
    bounded(pump.scores, point, SERIES_POINTS);
    emit(
        "anomaly",
        NODES.objectNode().put("pumpId", pump.id).put("siteId", pump.siteId).set("point", point));
  }

  /**
   * An alarm's latest state replaces its earlier ones; a copy arriving late (store-and-forward
   * redelivery) never reopens a closed alarm.
   */
  private boolean onAlarm(AlarmEvent alarm) {
    pumps.computeIfAbsent(alarm.getPumpId(), id -> new Pump(id, alarm.getSiteId()));
    String id = alarm.getAlarmId();
    ObjectNode known = alarms.get(id);
    if (known != null && "CLOSED".equals(known.path("state").asText())) {
      return false;
    }
    ObjectNode node = PlainJson.toTree(alarm);
    alarms.remove(id);
    alarms.put(id, node);
    while (alarms.size() > ALARMS) {
      String oldestClosed =
          alarms.entrySet().stream()
              .filter(e -> "CLOSED".equals(e.getValue().path("state").asText()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(alarms.keySet().iterator().next());
      alarms.remove(oldestClosed);
    }
    emit("alarm", node);
    return true;
  }

  /** Open alarms first, then the closed ones, newest change first within each. */
  private List<ObjectNode> alarmList() {
    List<ObjectNode> list = new ArrayList<>(alarms.values());
    java.util.Collections.reverse(list);
    list.sort(java.util.Comparator.comparing(a -> "CLOSED".equals(a.path("state").asText())));
    return list;
  }

  private void onDriftStatistics(DriftStatistics stats) {
    if (stats.getPumpId() != null) {
      return; // the page shows the fleet's statistics, the ones drift-service judges
    }
    ObjectNode node = PlainJson.toTree(stats);
    node.remove("dataRanges");
    ObjectNode previous = drift.get(stats.getFeatureName().toString());
    if (previous != null
        && previous.get("windowEnd").asText().compareTo(node.get("windowEnd").asText()) > 0) {
      return; // an older window, replayed
    }
    drift.put(stats.getFeatureName().toString(), node);
    emit("drift", node);
  }

  private void onGatewayStatus(EdgeStatus status) {
    ObjectNode node = PlainJson.toTree(status);
    gateways.put(status.getGatewayId().toString(), node);
    emit("gateway", node);
  }

  private void onDeployment(Deployment deployment) {
    ObjectNode rollout =
        rollouts.computeIfAbsent(
            deployment.getRolloutId().toString(),
            id -> {
              ObjectNode created =
                  NODES
                      .objectNode()
                      .put("rolloutId", id)
                      .put("modelName", deployment.getModelName().toString())
                      .put("modelVersion", deployment.getModelVersion());
              created.putObject("gateways");
              return created;
            });
    if (deployment.getPreviousVersion() != null) {
      rollout.put("previousVersion", deployment.getPreviousVersion());
    }
    rollout.put("updatedAt", deployment.getEventTime().toString());
    ((ObjectNode) rollout.get("gateways"))
        .putObject(deployment.getGatewayId().toString())
        .put("ring", deployment.getRing())
        .put("status", deployment.getStatus().toString())
        .put("message", deployment.getMessage() == null ? null : deployment.getMessage().toString())
        .put("at", deployment.getEventTime().toString());
    emit("rollout", rollout);
  }

  private void onRegistered(ModelRegistered registered) {
    ObjectNode model = model(registered.getModelName().toString(), registered.getVersion());
    ObjectNode json = PlainJson.toTree(registered);
    model.put("registeredAt", json.get("eventTime").asText());
    model.put("artifactSha256", registered.getArtifactSha256().toString());
    model.put("registeredBy", registered.getRegisteredBy().toString());
    model.set("metrics", json.get("metrics"));
    model.set("lineage", json.get("lineage"));
    emit("model", model);
  }

  private void onPromoted(ModelPromoted promoted) {
    String name = promoted.getModelName().toString();
    String alias = promoted.getAlias().toString();
    // An alias names one version at a time: take it off whichever version held it.
    models.values().stream()
        .filter(m -> m.get("modelName").asText().equals(name))
        .forEach(m -> removeAlias(m, alias));
    ObjectNode model = model(name, promoted.getVersion());
    ((ArrayNode) model.get("aliases")).add(alias);
    model.put("promotedAt", promoted.getEventTime().toString());
    emit("model", model);
  }

  private ObjectNode model(String name, int version) {
    // Zero-padded key: the timeline is in version order.
    return models.computeIfAbsent(
        String.format("%s:%08d", name, version),
        key -> {
          ObjectNode created = NODES.objectNode().put("modelName", name).put("version", version);
          created.putArray("aliases");
          return created;
        });
  }

  private static void removeAlias(ObjectNode model, String alias) {
    Iterator<JsonNode> aliases = model.get("aliases").elements();
    while (aliases.hasNext()) {
      if (aliases.next().asText().equals(alias)) {
        aliases.remove();
      }
    }
  }

  private void logEvent(LoopEvents.Line line) {
    ObjectNode event =
        NODES
            .objectNode()
            .put("time", line.time().toString())
            .put("kind", line.kind())
            .put("summary", line.summary());
    events.addFirst(event);
    while (events.size() > EVENTS) {
      events.removeLast();
    }
    emit("event", event);
  }

  private void emit(String kind, JsonNode data) {
    sequence++;
    listener.accept(
        new Update(
            kind, NODES.objectNode().put("sequence", sequence).set("data", data.deepCopy())));
  }

  private static void bounded(Deque<ObjectNode> series, ObjectNode point, int capacity) {
    series.addLast(point);
    while (series.size() > capacity) {
      series.removeFirst();
    }
  }

  private static ArrayNode array(Iterable<ObjectNode> nodes) {
    ArrayNode array = NODES.arrayNode();
    nodes.forEach(node -> array.add(node.deepCopy()));
    return array;
  }

  private static final class Pump {
    final String id;
    final String siteId;
    final Deque<ObjectNode> sensors = new ArrayDeque<>();
    final Deque<ObjectNode> scores = new ArrayDeque<>();
    Instant lastSampled;

    Pump(CharSequence id, CharSequence siteId) {
      this.id = id.toString();
      this.siteId = siteId.toString();
    }

    ObjectNode toJson() {
      ObjectNode node = NODES.objectNode().put("pumpId", id).put("siteId", siteId);
      node.set("sensors", array(sensors));
      node.set("scores", array(scores));
      return node;
    }
  }
}
