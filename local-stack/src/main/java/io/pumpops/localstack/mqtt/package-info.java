/**
 * The embedded MQTT broker: HiveMQ Community Edition in embedded mode.
 *
 * <p>Why HiveMQ CE over Moquette: it implements all of MQTT 3.1, 3.1.1 and 5 (Moquette's MQTT 5
 * support is partial), including shared subscriptions, persistent sessions with queued QoS 1
 * messages and retained messages on disk, and its extension SDK gives username/password
 * authentication in a few lines without a password-file format of its own.
 */
package io.pumpops.localstack.mqtt;
