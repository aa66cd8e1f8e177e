package io.pumpops.cli;

import io.pumpops.schemas.avro.TrainingRun;
import io.pumpops.schemas.serde.PlainJson;
import io.pumpops.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops runs list|show}: training runs as mlops.training-runs records them (every step of
 * every run, with parameters and metrics), so they are there even when training-service is not.
 * Exit codes: 0 done, 1 no such run, 2 Kafka could not be read.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Training runs, from mlops.training-runs: what triggered them, each step, the outcome.",
    subcommands = {RunCommands.ListRuns.class, RunCommands.Show.class})
final class RunCommands {

  abstract static class RunsCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--json", description = "JSON lines, one per record, for scripts.")
    boolean json;

    @Spec CommandSpec spec;

    /** Every run's records in order, by run id, oldest run first. */
    Map<String, List<TrainingRun>> runs() {
      Map<String, List<TrainingRun>> runs = new LinkedHashMap<>();
      TopicRange.read(
          kafka.bootstrapServers,
          kafka.registryUrl,
          Topics.TRAINING_RUNS,
          null,
          TopicRange.Bound.NONE,
          TopicRange.Bound.NONE,
          r ->
              runs.computeIfAbsent(r.value().getRunId().toString(), k -> new ArrayList<>())
                  .add(r.value()));
      return runs;
    }

    @Override
    public Integer call() {
      try {
        return show(runs(), spec.commandLine().getOut());
      } catch (KafkaException e) {
        spec.commandLine()
            .getErr()
            .println(
                "Could not read "
                    + Topics.TRAINING_RUNS.name()
                    + " from "
                    + kafka.bootstrapServers
                    + ": "
                    + e.getMessage());
        return 2;
      }
    }

    abstract int show(Map<String, List<TrainingRun>> runs, PrintWriter out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every run, newest first, a line each.")
  static final class ListRuns extends RunsCommand {
    @Option(names = "--model", description = "Only runs of this model.")
    String model;

    @Override
    int show(Map<String, List<TrainingRun>> runs, PrintWriter out) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"RUN", "MODEL", "TRIGGER", "STARTED", "STATUS", "OUTCOME"});
      List<List<TrainingRun>> newestFirst = new ArrayList<>(runs.values());
      java.util.Collections.reverse(newestFirst);
      for (List<TrainingRun> records : newestFirst) {
        TrainingRun first = records.get(0);
        if (model != null && !model.equals(first.getModelName().toString())) {
          continue;
        }
        TrainingRun outcome =
            records.stream()
                .filter(r -> r.getStep().toString().equals("run"))
                .reduce((a, b) -> b)
                .orElse(records.get(records.size() - 1));
        if (json) {
          out.println(PlainJson.toJson(outcome));
          continue;
        }
        rows.add(
            new String[] {
              first.getRunId().toString(),
              first.getModelName().toString(),
              first.getTrigger().toString(),
              first.getEventTime().toString(),
              outcome.getStatus().toString(),
              outcome.getMessage() == null ? "" : outcome.getMessage().toString()
            });
      }
      if (!json) {
        Tables.print(out, rows);
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One run's steps with their parameters and metrics.")
  static final class Show extends RunsCommand {
    @Parameters(index = "0", description = "Run id (see runs list).")
    String runId;

    @Override
    int show(Map<String, List<TrainingRun>> runs, PrintWriter out) {
      List<TrainingRun> records = runs.get(runId);
      if (records == null) {
        spec.commandLine()
            .getErr()
            .println("No run " + runId + " on " + Topics.TRAINING_RUNS.name());
        return 1;
      }
      for (TrainingRun r : records) {
        if (json) {
          out.println(PlainJson.toJson(r));
          continue;
        }
        out.printf(
            "%s  %-14s %-9s %6d ms  %s%n",
            r.getEventTime(),
            r.getStep(),
            r.getStatus(),
            r.getDurationMillis(),
            r.getMessage() == null ? "" : r.getMessage());
        r.getParameters().forEach((k, v) -> out.printf("      %s = %s%n", k, v));
        r.getMetrics().forEach((k, v) -> out.printf("      %s = %s%n", k, v));
      }
      out.flush();
      return 0;
    }
  }
}
