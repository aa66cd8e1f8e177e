package io.pumpops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.modelpackage.SigningKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KeygenCommandTest {

  @Test
  void printsAFreshPairWhosePublicHalfVerifiesWhatThePrivateHalfSigns() throws Exception {
    Map<String, String> first = keygen();
    Map<String, String> second = keygen();
    assertThat(first)
        .containsOnlyKeys("PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY", "PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY");
    assertThat(second.get("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY"))
        .isNotEqualTo(first.get("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY"));

    byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
    signer.initSign(SigningKeys.privateKey(first.get("PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY")));
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
    verifier.initVerify(SigningKeys.publicKey(first.get("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY")));
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
  }

  private static Map<String, String> keygen() {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new Pumpops());
    command.setOut(new PrintWriter(out, true));
    assertThat(command.execute("keygen")).isZero();
    return out.toString()
        .lines()
        .map(l -> l.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }
}
