/**
 * Drift: how far current feature values are from the ones a model was trained on.
 *
 * <ul>
 *   <li>{@link io.pumpops.features.drift.ReferenceProfile} — per feature: quantile bin edges,
 *       histogram, quantile function, mean, std, size; built from the training set, shipped with
 *       the model as JSON;
 *   <li>{@link io.pumpops.features.drift.DriftStatistics} — PSI, two-sample KS (statistic and
 *       p-value), normalised Wasserstein-1, Jensen-Shannon distance of a current sample against a
 *       profile; {@link io.pumpops.features.drift.DriftThresholds} documents the defaults;
 *   <li>{@link io.pumpops.features.drift.PageHinkley} and {@link io.pumpops.features.drift.Adwin} —
 *       streaming change detectors over a score stream.
 * </ul>
 */
package io.pumpops.features.drift;
