package io.pumpops.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  @Test
  void eachTokenNamesItsActorAndRoles() {
    AccessTokens tokens =
        AccessTokens.parse(
            List.of(
                "alice:operator=alice-token-0123456",
                "training-service:service=svc-token-0123456789",
                "local:operator+service=pumpops-local-token"));

    assertThat(tokens.caller("alice-token-0123456"))
        .contains(new Caller("alice", Set.of(Role.OPERATOR)));
    assertThat(tokens.caller("pumpops-local-token").orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.OPERATOR, Role.SERVICE);
    assertThat(tokens.caller("alice-token-012345")).isEmpty();
    assertThat(tokens.caller("")).isEmpty();
  }

  @Test
  void malformedEntriesShortTokensAndUnknownRolesAreRefusedWithoutShowingTheToken() {
    assertThatThrownBy(() -> AccessTokens.parse(List.of("alice=alice-token-0123456")))
        .hasMessageContaining("actor:role[+role]=token")
        .hasMessageNotContaining("alice-token-0123456");
    assertThatThrownBy(() -> AccessTokens.parse(List.of("alice:operator=short")))
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short\"");
    assertThatThrownBy(() -> AccessTokens.parse(List.of("alice:admin=alice-token-0123456")))
        .hasMessageContaining("unknown role 'admin'");
    assertThat(AccessTokens.parse(List.of()).isEmpty()).isTrue();
  }
}
