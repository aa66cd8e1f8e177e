/**
 * training-service: reproducible training by replay.
 *
 * <ul>
 *   <li>{@code replay}: exactly the records of a dataset's offset ranges, fingerprinted;
 *   <li>{@code model}: the PCA T²/Q anomaly model, deterministic;
 *   <li>{@code onnx}: its ONNX export (Tribuo's graph builder) and the parity check in ONNX Runtime;
 *   <li>{@code pipeline}: ranges → features (the features library) → gates → model → ONNX.
 * </ul>
 * Still to come (issue 5): the service (triggers, coalescing, steps on mlops.training-runs,
 * evaluation against the champion and on labels, registration) and registry-service.
 */
package io.pumpops.training;
