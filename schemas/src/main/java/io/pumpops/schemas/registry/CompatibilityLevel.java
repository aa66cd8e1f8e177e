package io.pumpops.schemas.registry;

/** Schema compatibility rules of the Confluent Schema Registry. */
public enum CompatibilityLevel {
  /** New readers can read data of the latest version. The registry's default, and ours. */
  BACKWARD,
  /** New readers can read data of every earlier version. */
  BACKWARD_TRANSITIVE,
  /** The latest version's readers can read new data. */
  FORWARD,
  /** Every earlier version's readers can read new data. */
  FORWARD_TRANSITIVE,
  /** BACKWARD and FORWARD against the latest version. */
  FULL,
  /** BACKWARD and FORWARD against every earlier version. */
  FULL_TRANSITIVE,
  /** No check. */
  NONE
}
