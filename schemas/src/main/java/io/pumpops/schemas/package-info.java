/**
 * The event contracts of PumpOps: every record on every topic, the topic catalog, and the
 * Confluent-wire-format serdes with the schema-registry client they use.
 *
 * <ul>
 *   <li>{@code io.pumpops.schemas.avro} — classes generated from {@code src/main/avro/*.avsc};
 *   <li>{@link io.pumpops.schemas.topics} — topic names, partitions, retention, and provisioning;
 *   <li>{@link io.pumpops.schemas.serde} — Kafka serializers and deserializers;
 *   <li>{@link io.pumpops.schemas.registry} — the Confluent Schema Registry REST client.
 * </ul>
 */
package io.pumpops.schemas;
