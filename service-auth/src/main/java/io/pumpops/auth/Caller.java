package io.pumpops.auth;

import java.util.Set;

/** Who made a request: the actor the audit trail records, and the roles the token grants. */
public record Caller(String actor, Set<Role> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean holdsAnyOf(Role... wanted) {
    for (Role role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
