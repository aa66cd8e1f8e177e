package io.pumpops.cli;

import io.pumpops.modelpackage.SigningKeys;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pumpops keygen}: a new Ed25519 key pair for signing model packages. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a new Ed25519 key pair for signing model packages, as environment variables:",
      "the private key for deploy-service, the public key for every gateway to pin.",
      "Keep the private key secret (a secret store, not the repository)."
    })
final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    KeyPair pair = SigningKeys.generate();
    spec.commandLine()
        .getOut()
        .println("PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY=" + SigningKeys.encode(pair.getPrivate()));
    spec.commandLine()
        .getOut()
        .println("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY=" + SigningKeys.encode(pair.getPublic()));
    return 0;
  }
}
