package io.pumpops.schemas.registry;

/** The subject's compatibility rule refused a schema (HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {

  private final String subject;

  public IncompatibleSchemaException(String subject, String message) {
    super(message, 409, ErrorCode.INCOMPATIBLE_SCHEMA, null);
    this.subject = subject;
  }

  /** The subject that refused the schema. */
  public String subject() {
    return subject;
  }
}
