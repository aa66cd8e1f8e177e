/**
 * Kafka serdes for the generated Avro classes in the Confluent wire format: magic byte 0, the
 * 4-byte big-endian schema id, then the Avro binary body. Subjects follow TopicNameStrategy ({@code
 * <topic>-value}, {@code <topic>-key}), so Confluent's tools read our topics as they are.
 */
package io.pumpops.schemas.serde;
