/**
 * Kafka Streams: windowed features per pump, rolling drift statistics and data-arrived events.
 *
 * <p>Not built yet: issue 4 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.featurestream;
