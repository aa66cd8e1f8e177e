package io.pumpops.modelpackage;

/** A package a gateway must not load, and why. */
public final class PackageRejectedException extends Exception {

  /** What failed; reported in the gateway's status. */
  public enum Reason {
    MALFORMED,
    PACKAGE_HASH_MISMATCH,
    BAD_SIGNATURE,
    FILE_HASH_MISMATCH,
    INCOMPATIBLE,
    LOAD_FAILED,
    SMOKE_CHECK_FAILED,
    DOWNLOAD_FAILED,
    UNSIGNED_DESIRED_STATE,
    STALE_DESIRED_STATE,
    DOWNGRADE,
    WRONG_HARDWARE_CLASS,
    URL_NOT_ALLOWED,
    TOO_LARGE
  }

  private final Reason reason;

  public PackageRejectedException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public PackageRejectedException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
