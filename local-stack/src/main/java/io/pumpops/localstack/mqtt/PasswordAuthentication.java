package io.pumpops.localstack.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A HiveMQ extension that admits a client only with the configured username and password.
 * Authorization is not restricted: an authenticated client may use every topic.
 */
final class PasswordAuthentication implements ExtensionMain {

  private final String username;
  private final byte[] password;

  PasswordAuthentication(String username, String password) {
    this.username = username;
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator = this::authenticate;
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // Nothing to release.
  }

  private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
    String user = input.getConnectPacket().getUserName().orElse("");
    byte[] given = input.getConnectPacket().getPassword().map(PasswordAuthentication::bytes).orElse(new byte[0]);
    // Constant-time comparison, so response timing does not reveal how much of the password matched.
    boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
        username.getBytes(StandardCharsets.UTF_8));
    if (userMatches & MessageDigest.isEqual(given, password)) {
      output.authenticateSuccessfully();
    } else {
      output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "Bad username or password");
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
