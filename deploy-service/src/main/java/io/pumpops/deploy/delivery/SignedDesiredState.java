package io.pumpops.deploy.delivery;

import io.pumpops.modelpackage.DesiredStateSignature;
import io.pumpops.schemas.avro.Deployment;
import java.security.PrivateKey;

/**
 * Signs every desired state before it leaves deploy-service, with the key that signs packages:
 * gateways act only on desired states that verify, so no one else, whatever their broker
 * credentials, can send a gateway to another model or back to an old one.
 */
public final class SignedDesiredState implements DesiredState {

  private final DesiredState delivery;
  private final PrivateKey signingKey;

  public SignedDesiredState(DesiredState delivery, PrivateKey signingKey) {
    this.delivery = delivery;
    this.signingKey = signingKey;
  }

  @Override
  public void publish(Deployment desired) {
    delivery.publish(DesiredStateSignature.sign(desired, signingKey));
  }

  @Override
  public void clear(String gatewayId) {
    delivery.clear(gatewayId);
  }
}
