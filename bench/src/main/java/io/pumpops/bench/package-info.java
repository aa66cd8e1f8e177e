/**
 * Benchmarks and model evaluation: {@code pumpops bench <name>} and {@code pumpops evaluate}.
 *
 * <p>Each benchmark measures what it compares in one run (ours and the baseline side by side),
 * prints a table, and writes {@code <name>.json} (figures, machine, date, command) and {@code
 * <name>.png} through {@link io.pumpops.bench.report.BenchReport}. Figures worth keeping go into
 * {@code bench/RESULTS.md}.
 */
package io.pumpops.bench;
