package io.pumpops.bench;

import picocli.CommandLine.Command;

/** {@code pumpops bench <name>}: one benchmark per subcommand. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      io.pumpops.bench.edge.EdgeBench.class,
      io.pumpops.bench.features.FeaturesBench.class,
      io.pumpops.bench.drift.DriftBench.class,
      io.pumpops.bench.loop.LoopBench.class,
      io.pumpops.bench.ingest.IngestBench.class,
      io.pumpops.bench.memory.MemoryBench.class,
      io.pumpops.bench.buffer.BufferBench.class,
      io.pumpops.bench.alarms.AlarmsBench.class,
      io.pumpops.bench.uplink.UplinkBench.class,
      io.pumpops.bench.fleet.FleetBench.class,
      io.pumpops.bench.training.TrainingBench.class
    },
    description = {
      "Runs one benchmark: it prints a table and writes <name>.json and <name>.png under bench/results.",
      "Figures compared with each other are measured in the same run, so the ratio holds on a noisy machine."
    })
public final class BenchCommand {}
