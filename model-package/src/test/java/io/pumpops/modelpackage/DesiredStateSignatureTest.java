package io.pumpops.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DesiredStateSignatureTest {

  private final KeyPair deploy = SigningKeys.generate();

  private static Deployment desired() {
    return Deployment.newBuilder()
        .setEventId("e")
        .setEventTime(Instant.parse("2026-11-30T10:00:00Z"))
        .setRolloutId("ro-1")
        .setGatewayId("gw-1")
        .setModelName("pump-anomaly")
        .setModelVersion(2)
        .setPackageSha256("ab".repeat(32))
        .setPackageUrl("http://deploy:8186/packages/x")
        .setSignature("sig")
        .setRing(0)
        .setStatus(DeploymentStatus.PENDING)
        .build();
  }

  @Test
  void aSignedDesiredStateVerifiesWithThePinnedKeyOnly() {
    Deployment signed = DesiredStateSignature.sign(desired(), deploy.getPrivate());

    assertThat(DesiredStateSignature.verify(signed, deploy.getPublic())).isTrue();
    assertThat(DesiredStateSignature.verify(signed, SigningKeys.generate().getPublic())).isFalse();
    assertThat(DesiredStateSignature.verify(desired(), deploy.getPublic())).isFalse();
  }

  @Test
  void changingAnySignedFieldBreaksTheSignature() {
    Deployment signed = DesiredStateSignature.sign(desired(), deploy.getPrivate());

    for (Deployment altered :
        new Deployment[] {
          Deployment.newBuilder(signed).setGatewayId("gw-2").build(),
          Deployment.newBuilder(signed).setModelVersion(1).build(),
          Deployment.newBuilder(signed).setRollback(true).build(),
          Deployment.newBuilder(signed).setPackageSha256("cd".repeat(32)).build(),
          Deployment.newBuilder(signed).setPackageUrl("file:///etc/passwd").build(),
          Deployment.newBuilder(signed).setEventTime(signed.getEventTime().plusSeconds(1)).build()
        }) {
      assertThat(DesiredStateSignature.verify(altered, deploy.getPublic())).isFalse();
    }
    // Fields that only report progress are not part of the instruction.
    assertThat(
            DesiredStateSignature.verify(
                Deployment.newBuilder(signed).setStatus(DeploymentStatus.RUNNING).build(),
                deploy.getPublic()))
        .isTrue();
  }
}
