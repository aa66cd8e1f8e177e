package io.pumpops.training.trigger;

import io.pumpops.schemas.avro.DataArrived;
import io.pumpops.schemas.avro.DriftDetected;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.training.run.RunRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which events start which runs, on which data.
 *
 * <ul>
 *   <li>drift-detected for a model this service trains: the new normal only, that is {@code
 *       driftReferenceSpan} of data (event time) from the moment the data had changed by ({@code
 *       changedBy}: the end of the first drift window that counted). Data from before that moment
 *       is the old normal: a model fitted on a mix of both calls neither one normal, and its
 *       reference profile makes the next drift windows look drifted again. The span is fixed rather
 *       than "up to now", so the new model's reference covers enough of the new normal to judge the
 *       next drift windows by, however soon the trigger is processed: the run waits for that data
 *       ({@link io.pumpops.training.run.DataReadiness}), and one change gives one new model.
 *       (Events without {@code changedBy} fall back to the start of the first window that counted.)
 *   <li>data-arrived: each model with at least {@code minNewRecords} readings since its latest
 *       version's dataset ended (or in total, for a model with no version yet), the last {@code
 *       lookback} of data; at most once per {@code minInterval} per model, so a model whose data
 *       keeps failing a gate is not retrained on every event.
 *   <li>schedule and manual: the last {@code lookback}.
 * </ul>
 */
public final class TriggerPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerPolicy.class);

  /** The policy's settings, from configuration. */
  public record Settings(
      List<String> models,
      Duration lookback,
      long minNewRecords,
      Duration minInterval,
      Duration driftReferenceSpan) {
    public Settings {
      models = List.copyOf(models);
      if (driftReferenceSpan.isNegative() || driftReferenceSpan.isZero()) {
        throw new IllegalArgumentException(
            "the drift reference span must be positive, was " + driftReferenceSpan);
      }
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final Function<String, Optional<Lineage>> latestLineage;
  private final ToLongFunction<Lineage> newRecordsSince;
  private final Map<String, Instant> lastDataTrigger = new HashMap<>();

  /**
   * @param latestLineage the lineage of a model's newest version, if it has one
   * @param newRecordsSince readings arrived since a lineage's dataset ended (null lineage: all)
   */
  public TriggerPolicy(
      Settings settings,
      Clock clock,
      Function<String, Optional<Lineage>> latestLineage,
      ToLongFunction<Lineage> newRecordsSince) {
    this.settings = settings;
    this.clock = clock;
    this.latestLineage = latestLineage;
    this.newRecordsSince = newRecordsSince;
  }

  public Optional<RunRequest> onDriftDetected(DriftDetected event) {
    if (!settings.models().contains(event.getModelName())) {
      LOG.info(
          "drift-detected {} is for model {}, which this service does not train ({})",
          event.getEventId(),
          event.getModelName(),
          settings.models());
      return Optional.empty();
    }
    // Event time only: during a catch-up the data's time lags the wall clock by hours, and a span
    // cut by the wall clock would start long after the change (seen in bench loop: a 17-hour
    // catch-up made the run wait for data nine hours past it).
    Instant from = event.getChangedBy() != null ? event.getChangedBy() : event.getWindowStart();
    return Optional.of(
        RunRequest.forEvent(
            event.getModelName(),
            TrainingTrigger.DRIFT_DETECTED,
            event.getEventId(),
            from,
            from.plus(settings.driftReferenceSpan())));
  }

  public synchronized List<RunRequest> onDataArrived(DataArrived event) {
    List<RunRequest> runs = new ArrayList<>();
    Instant now = clock.instant();
    for (String model : settings.models()) {
      Instant last = lastDataTrigger.get(model);
      if (last != null && last.plus(settings.minInterval()).isAfter(now)) {
        continue;
      }
      long fresh = newRecordsSince.applyAsLong(latestLineage.apply(model).orElse(null));
      if (fresh >= settings.minNewRecords()) {
        LOG.info(
            "{} readings arrived since {}'s latest version (threshold {}): training",
            fresh,
            model,
            settings.minNewRecords());
        lastDataTrigger.put(model, now);
        runs.add(
            RunRequest.forEvent(
                model,
                TrainingTrigger.DATA_ARRIVED,
                event.getEventId() + "/" + model,
                now.minus(settings.lookback()),
                null));
      }
    }
    return runs;
  }

  /** The runs the schedule starts: every model, the last lookback. */
  public List<RunRequest> onSchedule() {
    Instant now = clock.instant();
    return settings.models().stream()
        .map(
            model ->
                RunRequest.adHoc(
                    model, TrainingTrigger.SCHEDULE, now.minus(settings.lookback()), null))
        .toList();
  }

  /** A person's request; {@code lookback} overrides the configured one when given. */
  /** Whether this service keeps the model trained (pumpops.training.models). */
  public boolean trains(String model) {
    return model != null && settings.models().contains(model);
  }

  public RunRequest manual(String model, Duration lookback) {
    Instant now = clock.instant();
    return RunRequest.adHoc(
        model,
        TrainingTrigger.MANUAL,
        now.minus(lookback == null ? settings.lookback() : lookback),
        null);
  }
}
