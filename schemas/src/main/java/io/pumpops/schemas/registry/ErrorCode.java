package io.pumpops.schemas.registry;

/**
 * The error codes of the Confluent Schema Registry REST API that clients act on. The HTTP status is
 * the first three digits of the code.
 */
public final class ErrorCode {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int BACKEND_STORE_ERROR = 50001;
  public static final int OPERATION_TIMEOUT = 50002;

  private ErrorCode() {}
}
