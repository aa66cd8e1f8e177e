package io.pumpops.bench.report;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out} option every benchmark shares: where its JSON and PNG go. */
public final class ResultsFolder {

  @Option(
      names = "--out",
      defaultValue = "${sys:pumpops.home:-.}/bench/results",
      paramLabel = "DIR",
      description = "where <name>.json and <name>.png go (default: ${DEFAULT-VALUE})")
  Path folder;

  /** A report writing into the folder, printing to standard output. */
  public BenchReport report() {
    return new BenchReport(folder, System.out);
  }
}
