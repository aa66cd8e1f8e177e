/**
 * Signed model packages per target and staged rollout to edge gateways.
 *
 * <p>Built so far: {@link io.pumpops.deploy.packaging.PackageBuilder} (a registered ONNX model →
 * a signed package per {@link io.pumpops.deploy.packaging.TargetProfile}),
 * {@link io.pumpops.deploy.packaging.PackageStore}, and the rollout rules:
 * {@link io.pumpops.deploy.rollout.RingPlan} and {@link io.pumpops.deploy.rollout.HealthPolicy}.
 * Not built yet (issue 6 stays open): the service around them — reacting to
 * {@code mlops.model-promoted}, publishing desired state, {@code edge.deployments}, REST and CLI.
 */
package io.pumpops.deploy;
