package io.pumpops.edge.scoring;

import io.pumpops.edge.alarm.AlarmTracker;
import io.pumpops.edge.model.LoadedModel;
import io.pumpops.edge.model.ModelManager;
import io.pumpops.edge.status.ScoringStats;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AnomalyEvent;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.telemetry.TelemetryRules;
import io.pumpops.schemas.telemetry.TelemetryValidator;
import io.pumpops.schemas.telemetry.Validated;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site telemetry → features → score → anomaly. Readings are validated exactly as ingest does
 * (invalid ones are still forwarded upstream, where ingest dead-letters them, but not scored);
 * features come from the {@code features/} library with the current model's FeatureSpec; the
 * current model scores each closed window, and a score above its threshold becomes an {@link
 * AnomalyEvent} handed to {@code anomalies} (upstream). Every verdict also goes to the {@link
 * AlarmTracker}, whose alarm changes (opened, escalated, closed) are handed to {@code alarms}.
 */
public final class EdgeScoring {

  private static final Logger log = LoggerFactory.getLogger(EdgeScoring.class);

  private final String gatewayId;
  private final TelemetryValidator validator;
  private final ModelManager models;
  private final ScoringStats stats;
  private final Consumer<AnomalyEvent> anomalies;
  private final AlarmTracker alarmTracker;
  private final Consumer<AlarmEvent> alarms;
  private final Clock clock;
  private final long idleCloseMillis;
  private PumpWindowTracker tracker;
  private long trackerWindowMillis;

  public EdgeScoring(
      String gatewayId,
      ModelManager models,
      ScoringStats stats,
      Consumer<AnomalyEvent> anomalies,
      AlarmTracker alarmTracker,
      Consumer<AlarmEvent> alarms,
      Clock clock,
      long idleCloseMillis,
      TelemetryRules telemetry) {
    this.validator = new TelemetryValidator(telemetry);
    this.gatewayId = gatewayId;
    this.alarmTracker = alarmTracker;
    this.alarms = alarms;
    this.models = models;
    this.stats = stats;
    this.anomalies = anomalies;
    this.clock = clock;
    this.idleCloseMillis = idleCloseMillis;
  }

  /** One telemetry message from the site broker. */
  public synchronized void onTelemetry(String topic, byte[] payload) {
    Instant now = clock.instant();
    for (Validated result : validator.validate(topic, payload, now)) {
      if (result instanceof Validated.Accepted accepted) {
        PumpReading reading = accepted.reading();
        Optional<PumpWindowTracker> windows = tracker();
        if (windows.isEmpty()) {
          stats.unscored();
          continue;
        }
        score(
            windows
                .get()
                .add(
                    reading.getPumpId(),
                    reading.getSeq(),
                    reading.getEventTime().toEpochMilli(),
                    reading.getChannels(),
                    now.toEpochMilli()),
            reading.getSiteId());
      } else {
        stats.invalid();
      }
    }
  }

  /** Scores the windows of pumps gone quiet (called every second or so). */
  public synchronized void closeIdleWindows(String siteId) {
    if (tracker != null) {
      score(tracker.closeIdle(clock.millis() - idleCloseMillis), siteId);
    }
  }

  private Optional<PumpWindowTracker> tracker() {
    Optional<LoadedModel> model = models.current();
    if (model.isEmpty()) {
      return Optional.empty();
    }
    long window = model.get().spec().window().toMillis();
    if (tracker == null || trackerWindowMillis != window) {
      tracker = new PumpWindowTracker(model.get().spec());
      trackerWindowMillis = window;
    }
    return Optional.of(tracker);
  }

  private void score(List<PumpWindowTracker.Closed> closed, String siteId) {
    for (PumpWindowTracker.Closed window : closed) {
      try {
        List<AlarmEvent> changes = new java.util.ArrayList<>();
        Optional<AnomalyEvent> anomaly =
            models.withCurrent(
                model -> {
                  double[] features = window.aggregate().vector(model.spec());
                  // Inference alone: deploy-service compares this latency between two models, so
                  // it must not hold the wait for the model (a swap in progress) or the features.
                  long started = System.nanoTime();
                  LoadedModel.Score score = model.score(window.pumpId(), features);
                  stats.scored(
                      model.packageSha256(),
                      (System.nanoTime() - started) / 1e6,
                      score.anomalous());
                  changes.addAll(
                      alarmTracker.onWindow(
                          new AlarmTracker.Window(
                              window.pumpId(),
                              siteId,
                              window.windowStartMillis(),
                              window.windowEndMillis(),
                              score.score(),
                              score.threshold(),
                              features),
                          new AlarmTracker.Model(
                              model.manifest().modelName(),
                              model.manifest().modelVersion(),
                              model.manifest().effectiveAlarmPolicy(),
                              model.contributors()::of)));
                  return score.anomalous() ? toEvent(window, siteId, model, score) : null;
                });
        anomaly.ifPresent(anomalies);
        changes.forEach(alarms);
      } catch (Exception e) {
        stats.error(models.current().map(LoadedModel::packageSha256).orElse(null), e.toString());
        log.warn(
            "Scoring pump {} window {} failed: {}",
            window.pumpId(),
            Instant.ofEpochMilli(window.windowStartMillis()),
            e.toString());
      }
    }
  }

  private AnomalyEvent toEvent(
      PumpWindowTracker.Closed window, String siteId, LoadedModel model, LoadedModel.Score score) {
    int version = model.manifest().modelVersion();
    return AnomalyEvent.newBuilder()
        .setEventId(
            gatewayId + "/" + window.pumpId() + "/" + window.windowStartMillis() + "/" + version)
        .setEventTime(Instant.ofEpochMilli(clock.millis()))
        .setPumpId(window.pumpId())
        .setSiteId(siteId)
        .setGatewayId(gatewayId)
        .setWindowStart(Instant.ofEpochMilli(window.windowStartMillis()))
        .setWindowEnd(Instant.ofEpochMilli(window.windowEndMillis()))
        .setModelName(model.manifest().modelName())
        .setModelVersion(version)
        .setFeatureSpecVersion(model.manifest().featureSpecVersion())
        .setScore(score.score())
        .setThreshold(score.threshold())
        .setStatistics(score.statistics())
        .build();
  }
}
