/**
 * deploy-service: signed model packages per hardware class and staged rollout to edge gateways.
 *
 * <p>{@code packaging} turns a registered model into signed packages ({@link
 * io.pumpops.deploy.packaging.ModelPackager}); {@code rollout} is the decision: {@link
 * io.pumpops.deploy.rollout.RingPlan}, {@link io.pumpops.deploy.rollout.HealthPolicy} and the state
 * machine {@link io.pumpops.deploy.rollout.RolloutManager}, in plain Java; {@code delivery}
 * publishes desired state (MQTT) and the deployment log (Kafka); {@code fleet} knows the gateways;
 * {@code api} and {@code config} wire it into a Micronaut service.
 */
package io.pumpops.deploy;
