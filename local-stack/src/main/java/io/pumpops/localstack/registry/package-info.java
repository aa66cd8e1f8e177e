/**
 * An embedded schema registry that speaks the Confluent Schema Registry REST API for Avro.
 *
 * <ul>
 *   <li>{@link io.pumpops.localstack.registry.RegistryState} — subjects, versions, ids, configs
 *       (plain Java);
 *   <li>{@link io.pumpops.localstack.registry.Compatibility} — the compatibility rules, by Avro's
 *       own checker;
 *   <li>{@link io.pumpops.localstack.registry.SchemaLog} — the compacted {@code _schemas} topic
 *       that makes the registry survive restarts, in Confluent's own record format;
 *   <li>{@link io.pumpops.localstack.registry.EmbeddedSchemaRegistry} — the operations;
 *   <li>{@link io.pumpops.localstack.registry.RegistryHttpServer} — the REST front.
 * </ul>
 *
 * <p>One registry instance writes a given {@code _schemas} topic at a time (Confluent elects a
 * leader for that; a single-node development stack does not need one).
 */
package io.pumpops.localstack.registry;
