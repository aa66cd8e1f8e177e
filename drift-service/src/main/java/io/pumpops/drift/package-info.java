/**
 * drift-service: turns the feature-stream's per-feature drift statistics into model-level
 * drift-detected events. {@link io.pumpops.drift.policy.DriftPolicy} is the decision, in plain
 * Java; {@link io.pumpops.drift.DriftTopology} runs it over pump.drift-stats with exactly-once
 * processing; {@code config} wires it into a Micronaut service with health and metrics.
 */
package io.pumpops.drift;
