/**
 * The one implementation of PumpOps' features and drift statistics, in plain Java (no Kafka), used
 * by the feature-stream, by training and at the edge so that a feature is never computed two ways.
 *
 * <ul>
 *   <li>{@link io.pumpops.features.window} — per-channel window aggregates that merge, and the
 *       {@link io.pumpops.features.FeatureSpec} that names the features;
 *   <li>{@link io.pumpops.features.drift} — reference profiles and drift statistics.
 * </ul>
 */
package io.pumpops.features;
