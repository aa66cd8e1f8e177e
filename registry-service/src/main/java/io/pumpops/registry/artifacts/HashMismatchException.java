package io.pumpops.registry.artifacts;

/** An upload whose bytes do not have the hash it was declared under; nothing was stored. */
public final class HashMismatchException extends RuntimeException {

  private final String declared;
  private final String actual;

  public HashMismatchException(String declared, String actual, long size) {
    super(
        "upload declared SHA-256 "
            + declared
            + " but its "
            + size
            + " bytes hash to "
            + actual
            + "; not stored");
    this.declared = declared;
    this.actual = actual;
  }

  public String declared() {
    return declared;
  }

  public String actual() {
    return actual;
  }
}
