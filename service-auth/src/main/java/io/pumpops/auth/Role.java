package io.pumpops.auth;

/**
 * What a caller may do. Kept to two because the system has two kinds of writer: people acting on
 * the loop, and services doing their part of it.
 */
public enum Role {
  /**
   * A person: promotions and rollbacks by hand, rollout pause/resume/abort/rollback, manual
   * training.
   */
  OPERATOR,
  /** A PumpOps service: registering models, promoting on a passed gate. */
  SERVICE;

  static Role parse(String text) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(text.trim())) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text.trim() + "'; roles are operator and service");
  }
}
