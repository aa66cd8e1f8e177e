package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No private key is committed where a service could load it: a key in the repository signs for
 * whoever reads the repository. Development keys are made at run time ({@code DevSigningKeys},
 * {@code pumpops keygen}).
 */
class NoCommittedSecretsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * PEM headers and the fixed DER openings of base64 PKCS#8 private keys (Ed25519, RSA, EC P-256).
   */
  static final Pattern PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN [A-Z ]*PRIVATE KEY-----|MC4CAQAwBQYDK2Vw|MIIE[vw]QIBADANBgkqhkiG9w0BAQEFAASC|MIGHAgEAMBMGByqGSM49AgEG");

  @Test
  void noPrivateKeyLiteralStandsInAnyModulesMainSources() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files
          .filter(Files::isRegularFile)
          .filter(
              f -> ROOT.relativize(f).toString().replace('\\', '/').matches("[^/]+/src/main/.*"))
          .forEach(f -> scan(f, found));
    }
    assertThat(found).as("private keys under src/main").isEmpty();
  }

  @Test
  void thePatternRecognisesAKeyAsKeygenWritesIt() {
    String ed25519 =
        io.pumpops.modelpackage.SigningKeys.encode(
            io.pumpops.modelpackage.SigningKeys.generate().getPrivate());
    assertThat(PRIVATE_KEY.matcher("signing-private-key: " + ed25519).find()).isTrue();
    assertThat(PRIVATE_KEY.matcher("-----BEGIN PRIVATE KEY-----").find()).isTrue();
  }

  private static void scan(Path file, List<String> found) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      if (PRIVATE_KEY.matcher(text).find()) {
        found.add(ROOT.relativize(file).toString());
      }
    } catch (IOException e) {
      found.add(ROOT.relativize(file) + " (unreadable: " + e.getMessage() + ")");
    }
  }
}
