package io.pumpops.schemas.registry;

import org.apache.avro.Schema;

/**
 * What the serdes need from a schema registry: register or look up a writer schema, and find a
 * schema by the id carried in a record. {@link SchemaRegistryClient} implements it over REST.
 */
public interface SchemaRegistry {

  /**
   * Registers the schema under the subject (or finds it if already registered) and returns its
   * global id.
   *
   * @throws IncompatibleSchemaException if the subject's compatibility rule refuses it
   */
  int register(String subject, Schema schema);

  /**
   * Returns the id of a schema already registered under the subject.
   *
   * @throws SchemaRegistryException with {@link ErrorCode#SUBJECT_NOT_FOUND} or {@link
   *     ErrorCode#SCHEMA_NOT_FOUND} if it is not there
   */
  int idOf(String subject, Schema schema);

  /**
   * Returns the schema with the given global id.
   *
   * @throws SchemaRegistryException with {@link ErrorCode#SCHEMA_NOT_FOUND} if there is none
   */
  Schema schemaById(int id);
}
