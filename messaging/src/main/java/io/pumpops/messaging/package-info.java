/**
 * The services' shared Kafka runtime, so that each rule of consuming lives once: a record that
 * cannot be used becomes a dead letter in one format on one topic ({@code deadletter}), a catalog
 * topic is consumed with retry and dead-lettering by one listener ({@code listener}), and Kafka
 * Streams applications dead-letter undecodable input instead of stopping ({@code streams}). See
 * docs/adr/0002-messaging-runtime.md.
 */
package io.pumpops.messaging;
