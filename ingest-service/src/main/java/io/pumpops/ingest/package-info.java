/**
 * ingest-service: sensors' MQTT telemetry becomes validated {@code PumpReading}s on {@code
 * pump.telemetry}, or {@code RejectedReading}s with a reason on {@code pump.telemetry.dlq}. {@link
 * io.pumpops.ingest.IngestService} is the whole flow in plain Java; {@link
 * io.pumpops.ingest.Application} wires it from configuration.
 */
package io.pumpops.ingest;
