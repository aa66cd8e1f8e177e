package io.pumpops.registry;

/** A request the registry refuses, with the reason; {@link Kind} maps onto an HTTP status. */
public final class RegistryException extends RuntimeException {

  /** Why a request was refused. */
  public enum Kind {
    /** The model, version, alias or artifact does not exist (404). */
    NOT_FOUND,
    /** The request contradicts the registry's state, for example archiving the champion (409). */
    CONFLICT,
    /** The request itself is wrong: a bad name, a missing field (400). */
    INVALID
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static RegistryException notFound(String message) {
    return new RegistryException(Kind.NOT_FOUND, message);
  }

  static RegistryException conflict(String message) {
    return new RegistryException(Kind.CONFLICT, message);
  }

  static RegistryException invalid(String message) {
    return new RegistryException(Kind.INVALID, message);
  }
}
