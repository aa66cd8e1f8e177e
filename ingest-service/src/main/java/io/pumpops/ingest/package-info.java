/**
 * MQTT (Paho) to Kafka: decodes and validates pump telemetry, keys it by pump and dead-letters what is bad.
 *
 * <p>Not built yet: issue 3 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.ingest;
