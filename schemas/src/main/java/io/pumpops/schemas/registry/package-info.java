/**
 * A client for the Confluent Schema Registry REST API, written against the public API reference so
 * that it works unchanged with Confluent's registry and with the embedded one in local-stack.
 */
package io.pumpops.schemas.registry;
