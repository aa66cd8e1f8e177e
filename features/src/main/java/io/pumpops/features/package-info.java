/**
 * Feature definitions and drift statistics as plain Java, shared by the stream, training and the edge.
 *
 * <p>Not built yet: issue 4 builds this module. See {@code ../shared/ARCHITECTURE.md}.
 */
package io.pumpops.features;
