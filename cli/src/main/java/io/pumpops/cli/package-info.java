/**
 * The {@code pumpops} command line ({@link io.pumpops.cli.Pumpops}): models, runs, drift, alarms,
 * rollouts, replay, topics, keys, the embedded stack, the simulator, and {@code pumpops demo}
 * ({@link io.pumpops.cli.demo}). {@code pumpops bench} and {@code evaluate} are the bench module's,
 * through the same launcher.
 */
package io.pumpops.cli;
