package io.pumpops.edge.alarm;

import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.schemas.avro.AlarmContributor;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmSeverity;
import io.pumpops.schemas.avro.AlarmState;
import io.pumpops.schemas.serde.AvroJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns each pump's window verdicts into alarms that open, escalate and close, by the model's
 * {@link AlarmPolicy}: an operator gets one alarm per episode, with its peak and what drove it,
 * instead of one event per anomalous minute. Open alarms are kept on disk, so a gateway that
 * restarts goes on with them (and closes them) rather than leaving them open for ever upstream.
 * Synchronized: scoring calls it, and status pages read the open alarms.
 */
public final class AlarmTracker {

  /** One scored window of one pump. */
  public record Window(
      String pumpId,
      String siteId,
      long startMillis,
      long endMillis,
      double score,
      double threshold,
      double[] features) {
    boolean anomalous() {
      return score > threshold;
    }
  }

  /** The model that scored: its alarm policy, and how to explain a window. */
  public record Model(
      String name,
      int version,
      AlarmPolicy policy,
      Function<double[], List<AlarmContributor>> explain) {}

  private record Recent(boolean anomalous, long startMillis, double score, double[] features) {}

  private static final class PumpState {
    final Deque<Recent> recent = new ArrayDeque<>();
    AlarmEvent open;
    int normalStreak;
  }

  private final String gatewayId;
  private final Clock clock;
  private final Path stateFile;
  private final Map<String, PumpState> pumps = new LinkedHashMap<>();

  /**
   * @param stateFile where open alarms are kept across restarts; null keeps them in memory only
   */
  public AlarmTracker(String gatewayId, Clock clock, Path stateFile) {
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.stateFile = stateFile;
    restore();
  }

  /**
   * The changes this window makes to its pump's alarm: none, or one (two when a model change closes
   * one).
   */
  public synchronized List<AlarmEvent> onWindow(Window window, Model model) {
    PumpState pump = pumps.computeIfAbsent(window.pumpId(), p -> new PumpState());
    List<AlarmEvent> changes = new ArrayList<>();
    if (pump.open != null && pump.open.getModelVersion() != model.version()) {
      changes.add(
          close(
              pump,
              window,
              "model v"
                  + pump.open.getModelVersion()
                  + " was replaced by v"
                  + model.version()
                  + "; the new model judges from here"));
    }
    AlarmPolicy policy = model.policy();
    pump.recent.addLast(
        new Recent(window.anomalous(), window.startMillis(), window.score(), window.features()));
    while (pump.recent.size() > policy.ofLast()) {
      pump.recent.removeFirst();
    }
    if (pump.open == null) {
      long anomalous = pump.recent.stream().filter(Recent::anomalous).count();
      if (policy.opensWith(anomalous)) {
        changes.add(open(pump, window, model, (int) anomalous));
      }
    } else if (window.anomalous()) {
      pump.normalStreak = 0;
      changes.addAll(update(pump, window, model).stream().toList());
    } else if (policy.closesAfter(++pump.normalStreak)) {
      changes.add(close(pump, window, pump.normalStreak + " normal windows in a row"));
    } else {
      pump.open =
          AlarmEvent.newBuilder(pump.open)
              .setLastScore(window.score())
              .setLastWindowEnd(Instant.ofEpochMilli(window.endMillis()))
              .build();
    }
    if (!changes.isEmpty()) {
      save();
    }
    return changes;
  }

  /** Alarms open now, by pump. */
  public synchronized Map<String, AlarmEvent> open() {
    Map<String, AlarmEvent> open = new LinkedHashMap<>();
    pumps.forEach(
        (pump, state) -> {
          if (state.open != null) {
            open.put(pump, state.open);
          }
        });
    return open;
  }

  private AlarmEvent open(PumpState pump, Window window, Model model, int anomalous) {
    Recent peak =
        pump.recent.stream()
            .filter(Recent::anomalous)
            .max(java.util.Comparator.comparingDouble(Recent::score))
            .orElseThrow();
    long openedAt =
        pump.recent.stream()
            .filter(Recent::anomalous)
            .mapToLong(Recent::startMillis)
            .min()
            .orElseThrow();
    String alarmId = gatewayId + "/" + window.pumpId() + "/" + openedAt + "/" + model.version();
    AlarmPolicy policy = model.policy();
    AlarmEvent event =
        AlarmEvent.newBuilder()
            .setEventId(alarmId + "/OPENED/" + anomalous)
            .setEventTime(now())
            .setAlarmId(alarmId)
            .setState(AlarmState.OPENED)
            .setSeverity(severity(peak.score(), window.threshold(), policy))
            .setPumpId(window.pumpId())
            .setSiteId(window.siteId())
            .setGatewayId(gatewayId)
            .setModelName(model.name())
            .setModelVersion(model.version())
            .setOpenedAt(Instant.ofEpochMilli(openedAt))
            .setLastWindowEnd(Instant.ofEpochMilli(window.endMillis()))
            .setClosedAt(null)
            .setPeakScore(peak.score())
            .setLastScore(window.score())
            .setThreshold(window.threshold())
            .setAnomalousWindows(anomalous)
            .setContributors(model.explain().apply(peak.features()))
            .setReason(
                anomalous
                    + " of the last "
                    + pump.recent.size()
                    + " windows anomalous (policy "
                    + policy
                    + ")")
            .build();
    pump.open = event;
    pump.normalStreak = 0;
    return event;
  }

  private Optional<AlarmEvent> update(PumpState pump, Window window, Model model) {
    AlarmEvent open = pump.open;
    int anomalous = open.getAnomalousWindows() + 1;
    boolean newPeak = window.score() > open.getPeakScore();
    AlarmSeverity severity =
        severity(Math.max(window.score(), open.getPeakScore()), window.threshold(), model.policy());
    AlarmEvent.Builder next =
        AlarmEvent.newBuilder(open)
            .setAnomalousWindows(anomalous)
            .setLastScore(window.score())
            .setLastWindowEnd(Instant.ofEpochMilli(window.endMillis()));
    if (newPeak) {
      next.setPeakScore(window.score()).setContributors(model.explain().apply(window.features()));
    }
    boolean escalated =
        severity == AlarmSeverity.CRITICAL && open.getSeverity() != AlarmSeverity.CRITICAL;
    if (!escalated) {
      pump.open = next.build();
      return Optional.empty();
    }
    AlarmEvent event =
        next.setEventId(open.getAlarmId() + "/ESCALATED/" + anomalous)
            .setEventTime(now())
            .setState(AlarmState.ESCALATED)
            .setSeverity(severity)
            .setReason(
                "a window scored "
                    + round(window.score() / window.threshold())
                    + " times the threshold")
            .build();
    pump.open = event;
    return Optional.of(event);
  }

  private AlarmEvent close(PumpState pump, Window window, String reason) {
    AlarmEvent open = pump.open;
    AlarmEvent event =
        AlarmEvent.newBuilder(open)
            .setEventId(open.getAlarmId() + "/CLOSED")
            .setEventTime(now())
            .setState(AlarmState.CLOSED)
            .setClosedAt(Instant.ofEpochMilli(window.endMillis()))
            .setLastWindowEnd(Instant.ofEpochMilli(window.endMillis()))
            .setLastScore(window.score())
            .setReason(reason)
            .build();
    pump.open = null;
    pump.normalStreak = 0;
    pump.recent.clear();
    return event;
  }

  private static AlarmSeverity severity(double score, double threshold, AlarmPolicy policy) {
    return score >= policy.criticalFactor() * threshold
        ? AlarmSeverity.CRITICAL
        : AlarmSeverity.WARNING;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static String round(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  /** One line of Avro JSON per open alarm, written whole and moved into place. */
  private void save() {
    if (stateFile == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    open()
        .values()
        .forEach(
            a -> lines.append(new String(AvroJson.encode(a), StandardCharsets.UTF_8)).append('\n'));
    try {
      Files.createDirectories(stateFile.toAbsolutePath().getParent());
      Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.writeString(temp, lines);
      Files.move(
          temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the open alarms in " + stateFile, e);
    }
  }

  private void restore() {
    if (stateFile == null || !Files.exists(stateFile)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          AlarmEvent open =
              AvroJson.decode(line.getBytes(StandardCharsets.UTF_8), AlarmEvent.class);
          pumps.computeIfAbsent(open.getPumpId(), p -> new PumpState()).open = open;
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // A damaged file loses the open alarms' state, not the gateway: new episodes open new alarms.
      org.slf4j.LoggerFactory.getLogger(AlarmTracker.class)
          .warn("could not restore open alarms from {}: {}", stateFile, e.toString());
    }
  }
}
