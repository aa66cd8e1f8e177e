package io.pumpops.schemas.registry;

/**
 * The registry answered with an error, or could not be reached. The message says which request,
 * which subject, and what the registry said.
 */
public class SchemaRegistryException extends RuntimeException {

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** HTTP status of the answer, or 0 when there was none (connection failure, timeout). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code} (see {@link ErrorCode}), or 0 when there was none. */
  public int errorCode() {
    return errorCode;
  }

  /**
   * Whether asking again later may succeed: no answer at all, or a server-side error. A 4xx (no
   * such schema id, an incompatible schema) will be answered the same way every time.
   */
  public boolean isTransient() {
    return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
  }

  /** Whether a failure was caused, anywhere in its chain, by a registry that may answer later. */
  public static boolean causedTransiently(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException e && e.isTransient()) {
        return true;
      }
    }
    return false;
  }
}
