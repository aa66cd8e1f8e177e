package io.pumpops.deploy.delivery;

import io.pumpops.schemas.avro.Deployment;

/**
 * The model each gateway should run, where gateways pick it up: a retained message per gateway, so
 * that a gateway offline now gets the latest one when it reconnects.
 */
public interface DesiredState {

  void publish(Deployment desired);

  /** Removes the gateway's desired model: it keeps running what it has. */
  void clear(String gatewayId);
}
