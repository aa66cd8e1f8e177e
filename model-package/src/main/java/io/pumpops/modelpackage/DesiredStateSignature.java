package io.pumpops.modelpackage;

import io.pumpops.schemas.avro.Deployment;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * deploy-service's signature over what a desired state tells a gateway to do: which gateway, which
 * rollout, which model version in which package, whether it is a rollback, and when it was issued.
 * A gateway acts only on a desired state whose signature verifies with the key it pins, and only on
 * one issued after the last it acted on, so a forged, altered or replayed message (say, an old
 * rollback to a model with a known flaw) is refused even by a gateway whose broker let it through.
 */
public final class DesiredStateSignature {

  private DesiredStateSignature() {}

  /** The same desired state with its signature set. */
  public static Deployment sign(Deployment desired, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
      signer.initSign(key);
      signer.update(signedBytes(desired));
      return Deployment.newBuilder(desired)
          .setDesiredSignature(Base64.getEncoder().encodeToString(signer.sign()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "could not sign the desired state of " + desired.getGatewayId(), e);
    }
  }

  /** Whether the desired state carries a signature by {@code key} over exactly its fields. */
  public static boolean verify(Deployment desired, PublicKey key) {
    if (desired.getDesiredSignature() == null) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(signedBytes(desired));
      return verifier.verify(Base64.getDecoder().decode(desired.getDesiredSignature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** One field a line, in a fixed order: nothing can be moved from one field to another. */
  static byte[] signedBytes(Deployment d) {
    String text =
        String.join(
            "\n",
            "pumpops-desired-state-v1",
            d.getGatewayId(),
            d.getRolloutId(),
            d.getModelName(),
            Integer.toString(d.getModelVersion()),
            d.getPackageSha256().toLowerCase(java.util.Locale.ROOT),
            d.getPackageUrl(),
            Long.toString(d.getEventTime().toEpochMilli()),
            Boolean.toString(d.getRollback()));
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
