package io.pumpops.localstack.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.pumpops.localstack.MqttCredentials;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * A HiveMQ extension that admits the development superuser (every topic) and the identities of
 * {@link MqttAccessPolicy}, each with its own password ({@link MqttCredentials#forIdentity}) and
 * only the topics its job needs; anything else a client tries is denied.
 */
final class IdentityAuthentication implements ExtensionMain {

  private final MqttCredentials superuser;

  IdentityAuthentication(MqttCredentials superuser) {
    this.superuser = superuser;
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
    byte[] given =
        input
            .getConnectPacket()
            .getPassword()
            .map(IdentityAuthentication::bytes)
            .orElse(new byte[0]);
    if (matches(superuser, user, given)) {
      output.authenticateSuccessfully();
      return;
    }
    Optional<List<MqttAccessPolicy.Permission>> permissions = MqttAccessPolicy.permissions(user);
    if (permissions.isEmpty() || !matches(superuser.forIdentity(user), user, given)) {
      output.failAuthentication(
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "Bad username or password");
      return;
    }
    ModifiableDefaultPermissions allowed = output.getDefaultPermissions();
    for (MqttAccessPolicy.Permission permission : permissions.get()) {
      allowed.add(
          Builders.topicPermission()
              .topicFilter(permission.topicFilter())
              .type(TopicPermission.PermissionType.ALLOW)
              .activity(TopicPermission.MqttActivity.valueOf(permission.activity().name()))
              .build());
    }
    allowed.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    output.authenticateSuccessfully();
  }

  /**
   * Constant-time comparison, so response timing does not reveal how much of a password matched.
   */
  private static boolean matches(MqttCredentials expected, String user, byte[] password) {
    boolean userMatches =
        MessageDigest.isEqual(
            user.getBytes(StandardCharsets.UTF_8),
            expected.username().getBytes(StandardCharsets.UTF_8));
    return userMatches
        & MessageDigest.isEqual(password, expected.password().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
