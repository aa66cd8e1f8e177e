package io.pumpops.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Username and password that MQTT clients present to the broker. */
public record MqttCredentials(String username, String password) {

  /**
   * The development stack's superuser, printed by {@code pumpops stack}, never for production: it
   * may use every topic, for tests and tools such as the simulator. Everything else logs in as an
   * identity confined to its job ({@link #forIdentity}).
   */
  public static final MqttCredentials DEVELOPMENT = new MqttCredentials("pumpops", "pumpops-dev");

  /**
   * The login of one identity ({@code sensor:site-a}, {@code gateway:gw-1:site-a}, {@code
   * ingest-service}, ...) on a development stack: its own password, derived from this (superuser's)
   * password, so that the stack can check it without a password file and no two identities share
   * one.
   */
  public MqttCredentials forIdentity(String identity) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(identity.getBytes(StandardCharsets.UTF_8));
      return new MqttCredentials(identity, "dev-" + HexFormat.of().formatHex(digest, 0, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
