package io.pumpops.cli;

import io.pumpops.schemas.avro.AlarmContributor;
import io.pumpops.schemas.avro.AlarmEvent;
import io.pumpops.schemas.avro.AlarmState;
import io.pumpops.schemas.serde.PlainJson;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops alarms}: the alarms open now (or, with {@code --all}, every alarm with its history
 * folded into one line), from {@code pump.alarms}. Exit code 0; 3 when an alarm is open.
 */
@Command(
    name = "alarms",
    mixinStandardHelpOptions = true,
    description = {
      "Alarms open now, newest first: pump, severity, since when, peak score, what drove it.",
      "Exit code 0; 3 when at least one alarm is open (for scripts and monitors)."
    })
final class AlarmsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--all", description = "Closed alarms too, newest first.")
  boolean all;

  @Option(names = "--pump", description = "Only this pump's alarms.")
  String pump;

  @Option(names = "--json", description = "The latest event of each alarm as a JSON line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, AlarmEvent> latest = new LinkedHashMap<>();
    try {
      TopicRange.read(
          kafka.bootstrapServers,
          kafka.registryUrl,
          Topics.PUMP_ALARMS,
          null,
          TopicRange.Bound.NONE,
          TopicRange.Bound.NONE,
          r -> {
            AlarmEvent event = r.value();
            if (pump == null || pump.equals(event.getPumpId())) {
              // Redelivered or out-of-order copies never take an alarm back from CLOSED.
              latest.merge(event.getAlarmId(), event, AlarmsCommand::later);
            }
          });
    } catch (KafkaException e) {
      spec.commandLine()
          .getErr()
          .println(
              "Could not read "
                  + Topics.PUMP_ALARMS.name()
                  + " from "
                  + kafka.bootstrapServers
                  + ": "
                  + e.getMessage());
      return 2;
    }
    List<AlarmEvent> shown =
        latest.values().stream()
            .filter(a -> all || a.getState() != AlarmState.CLOSED)
            .sorted(Comparator.comparing(AlarmEvent::getOpenedAt).reversed())
            .toList();
    long open = latest.values().stream().filter(a -> a.getState() != AlarmState.CLOSED).count();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      shown.forEach(a -> out.println(PlainJson.toJson(a)));
    } else if (shown.isEmpty()) {
      out.println(all ? "No alarms." : "No alarm is open.");
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "PUMP", "SEVERITY", "STATE", "OPENED", "CLOSED", "PEAK", "WINDOWS", "MODEL", "DRIVEN BY"
          });
      for (AlarmEvent a : shown) {
        rows.add(
            new String[] {
              a.getPumpId(),
              a.getSeverity().name(),
              a.getState() == AlarmState.CLOSED ? "closed" : "open",
              a.getOpenedAt().toString(),
              a.getClosedAt() == null ? "-" : a.getClosedAt().toString(),
              String.format(Locale.ROOT, "%.1fx", a.getPeakScore() / a.getThreshold()),
              Integer.toString(a.getAnomalousWindows()),
              a.getModelName() + " v" + a.getModelVersion(),
              a.getContributors().stream()
                  .map(AlarmsCommand::contributor)
                  .collect(Collectors.joining(", "))
            });
      }
      Tables.print(out, rows);
      out.printf("%d open, %d shown%n", open, shown.size());
    }
    out.flush();
    return open > 0 ? 3 : 0;
  }

  private static AlarmEvent later(AlarmEvent known, AlarmEvent arrived) {
    if (known.getState() == AlarmState.CLOSED) {
      return known;
    }
    return arrived.getState() == AlarmState.CLOSED
            || arrived.getAnomalousWindows() >= known.getAnomalousWindows()
        ? arrived
        : known;
  }

  private static String contributor(AlarmContributor c) {
    return String.format(Locale.ROOT, "%s %+.1fσ", c.getFeature(), c.getZScore());
  }
}
