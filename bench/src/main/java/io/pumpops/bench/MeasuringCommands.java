package io.pumpops.bench;

import io.pumpops.bench.evaluate.EvaluateCommand;
import io.pumpops.cli.CommandSet;
import java.util.List;

/**
 * The measuring half of the {@code pumpops} command line, {@code pumpops bench <name>} and {@code
 * pumpops evaluate}, added to {@link io.pumpops.cli.Pumpops} when this module is on the class path
 * (registered in {@code META-INF/services}).
 */
public final class MeasuringCommands implements CommandSet {

  @Override
  public List<Object> commands() {
    return List.of(new BenchCommand(), new EvaluateCommand());
  }
}
