/**
 * training-service: triggered, reproducible training by replay.
 *
 * <ul>
 *   <li>{@code trigger}: drift-detected and data-arrived events become runs, coalesced per model;
 *   <li>{@code replay}: exactly the records of a dataset's offset ranges, fingerprinted;
 *   <li>{@code pipeline}: ranges → features (the features library) → a model family from {@code
 *       model-package} → ONNX, with its parity check;
 *   <li>{@code evaluate}: the hold-out judgement against the champion and the promotion gate;
 *   <li>{@code run}: a run's recorded steps, registration with lineage, rebuild from lineage;
 *   <li>{@code api}, {@code config}: the REST endpoints and the service's wiring.
 * </ul>
 */
package io.pumpops.training;
