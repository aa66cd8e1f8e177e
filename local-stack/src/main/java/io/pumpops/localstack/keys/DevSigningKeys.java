package io.pumpops.localstack.keys;

import io.pumpops.modelpackage.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

/**
 * The package-signing pair of a development run ({@code pumpops demo}, a test): made on this
 * machine at first use, never taken from the repository. deploy-service gets the private half, the
 * gateways pin the public half. A folder keeps the pair, so that a demo that continues where the
 * last one stopped still trusts the packages it made then.
 *
 * @param privateKey base64 PKCS#8, for {@code PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY}
 * @param publicKey base64 X.509, for {@code PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY}
 */
public record DevSigningKeys(String privateKey, String publicKey) {

  private static final String PRIVATE_FILE = "deploy-signing.key";
  private static final String PUBLIC_FILE = "deploy-signing.pub";

  /** A fresh pair, kept nowhere. */
  public static DevSigningKeys generate() {
    KeyPair pair = SigningKeys.generate();
    return new DevSigningKeys(
        SigningKeys.encode(pair.getPrivate()), SigningKeys.encode(pair.getPublic()));
  }

  /** The pair kept in {@code folder}, made there (readable by its owner only) if absent. */
  public static DevSigningKeys loadOrCreate(Path folder) {
    Path privateFile = folder.resolve(PRIVATE_FILE);
    Path publicFile = folder.resolve(PUBLIC_FILE);
    try {
      if (Files.exists(privateFile) && Files.exists(publicFile)) {
        return new DevSigningKeys(
            Files.readString(privateFile).trim(), Files.readString(publicFile).trim());
      }
      DevSigningKeys keys = generate();
      Files.createDirectories(folder);
      Files.writeString(privateFile, keys.privateKey() + "\n", StandardCharsets.US_ASCII);
      Files.writeString(publicFile, keys.publicKey() + "\n", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): its default ACLs apply.
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the development signing keys in " + folder, e);
    }
  }

  /** deploy-service's variable. */
  public Map<String, String> deployEnvironment() {
    return Map.of("PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY", privateKey);
  }

  /** A gateway's variable. */
  public Map<String, String> gatewayEnvironment() {
    return Map.of("PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY", publicKey);
  }
}
