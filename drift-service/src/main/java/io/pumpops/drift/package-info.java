/**
 * drift-service: turns the feature-stream's per-feature drift statistics into model-level
 * drift-detected events. {@link io.pumpops.drift.policy.DriftPolicy} is the decision, in plain Java.
 *
 * <p>Still to come (issue 4): the service around it (consume pump.drift-stats, produce
 * mlops.drift-detected, Micronaut health and metrics).
 */
package io.pumpops.drift;
